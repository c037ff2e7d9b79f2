// A tiny static server for the clerk's page, Node built-ins only. It serves exactly three trees:
// www/ at /, pkg/ at /pkg/ and rules/ at /rules/, with a strict Content-Security-Policy.
//
//   node scripts/serve.mjs [--port N]      (default 8080, or env PORT)
//   import { startServer } from "./scripts/serve.mjs"; const { url, close } = await startServer();
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

const HOST = "127.0.0.1";
const REPO = fileURLToPath(new URL("..", import.meta.url));

/** URL prefix → directory. Anything else in the repo is never served. */
const MOUNTS = [
  ["/pkg/", resolve(REPO, "pkg")],
  ["/rules/", resolve(REPO, "rules")],
  ["/", resolve(REPO, "www")],
];

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ts": "text/plain; charset=utf-8",
  ".md": "text/markdown; charset=utf-8",
};

const SECURITY_HEADERS = {
  "Content-Security-Policy":
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
    "img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; " +
    "require-trusted-types-for 'script'; trusted-types 'none'",
  "X-Content-Type-Options": "nosniff",
};

/**
 * Maps a request target to a file inside one of the mounts, or null. Any `.`/`..` segment,
 * dotfile, backslash or NUL (raw or percent-encoded) is refused rather than normalised away.
 */
function fileFor(target) {
  let pathname;
  try {
    pathname = decodeURIComponent(target.split(/[?#]/, 1)[0]);
  } catch {
    return null; // malformed percent-encoding
  }
  if (!pathname.startsWith("/") || /[\\\0]/.test(pathname)) return null;
  if (pathname.split("/").some((segment) => segment.startsWith("."))) return null;
  if (pathname.endsWith("/")) pathname += "index.html";

  const [prefix, root] = MOUNTS.find(([p]) => pathname.startsWith(p));
  const file = resolve(join(root, pathname.slice(prefix.length)));
  return file.startsWith(root + sep) ? file : null;
}

async function handle(req, res) {
  const send = (status, body, type = "text/plain; charset=utf-8", extra = {}) => {
    res.writeHead(status, {
      ...SECURITY_HEADERS,
      "Content-Type": type,
      "Content-Length": Buffer.byteLength(body),
      "Cache-Control": "no-cache",
      ...extra,
    });
    res.end(req.method === "HEAD" ? undefined : body);
  };

  if (req.method !== "GET" && req.method !== "HEAD") {
    return send(405, "method not allowed\n", undefined, { Allow: "GET, HEAD" });
  }
  const file = fileFor(req.url ?? "/");
  if (file) {
    try {
      const info = await stat(file);
      if (info.isFile()) {
        // Validators: a revisit revalidates (no-cache, so a rebuilt package is seen at once) with
        // a 304 instead of downloading the 1 MB wasm and every other file again.
        const etag = `"${info.size.toString(36)}-${Math.floor(info.mtimeMs).toString(36)}"`;
        const validators = { ETag: etag, "Last-Modified": info.mtime.toUTCString() };
        if (req.headers["if-none-match"]?.split(/\s*,\s*/).includes(etag)) {
          res.writeHead(304, { ...SECURITY_HEADERS, "Cache-Control": "no-cache", ...validators });
          return res.end();
        }
        const body = await readFile(file);
        return send(200, body, MIME[extname(file).toLowerCase()] ?? "application/octet-stream", validators);
      }
    } catch (error) {
      if (error.code !== "ENOENT" && error.code !== "ENOTDIR") {
        console.error(`[serve] ${req.url}: ${error.message}`);
        return send(500, "internal error\n");
      }
    }
  }
  return send(404, "not found\n");
}

/** Starts serving on 127.0.0.1; port 0 picks a free port. Resolves to `{ url, close() }`. */
export function startServer({ port = 0 } = {}) {
  const server = createServer((req, res) => {
    handle(req, res).catch((error) => {
      console.error(`[serve] ${req.url}: ${error.stack ?? error}`);
      res.destroy();
    });
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, HOST, () => {
      server.off("error", reject);
      const { port: bound } = server.address();
      resolvePromise({
        url: `http://${HOST}:${bound}/`,
        close: () =>
          new Promise((done, fail) => {
            server.close((error) => (error ? fail(error) : done()));
            server.closeAllConnections();
          }),
      });
    });
  });
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { values } = parseArgs({ options: { port: { type: "string" } } });
  const port = Number(values.port ?? process.env.PORT ?? 8080);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`serve: invalid port ${values.port ?? process.env.PORT}`);
    process.exit(2);
  }
  const { url } = await startServer({ port });
  console.log(`slafee page: ${url}`);
}
