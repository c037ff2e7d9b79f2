// A TypeScript consumer of the built package, type-checked (never run) by tests/node/types.test.mjs
// with `tsc --strict` against pkg/ installed as `node_modules/slafee`. It calls every public API and
// reads the results' fields at their precise types; each `@ts-expect-error` line must fail to
// type-check (tsc reports an unused directive otherwise), which proves the types are not `any`.
import { Engine, SlafeeError } from "slafee";
import type {
  Batch,
  BatchItem,
  BatchOptions,
  CaseReport,
  Classification,
  Deadlines,
  Decision,
  DiffReport,
  Dimension,
  DurationKind,
  ErrorCode,
  Evaluation,
  Finding,
  FollowUps,
  FollowUpState,
  FreeReason,
  GroupReport,
  KpiOptions,
  KpiReport,
  KpiRun,
  Label,
  Labor,
  LintReport,
  Money,
  Options,
  Order,
  Problem,
  ProblemRef,
  Rate,
  Receipt,
  ReceiptLine,
  RowTrace,
  RuleSetRef,
  Schedule,
  ScheduleItem,
  TargetClock,
  TargetState,
  Ticket,
  TicketRecord,
} from "slafee";

declare const rules: string;
declare const otherRules: string[];
const now = "2026-03-02T10:00:00+08:00";
const ticket: Ticket = { created: "2026-03-02T09:00:00+08:00", description: "楼道有燃气味", unit: "3-201" };

// ---- the engine ---------------------------------------------------------------------------
const engine = new Engine(rules);
const parts = new Engine(otherRules);
engine.add(rules);
engine.replace(otherRules);
const held: RuleSetRef[] = engine.ruleSets;
const firstVersion: string | undefined = held[0]?.version;

// ---- classify -------------------------------------------------------------------------------
const options: Options = { trace: true };
const classification: Classification = engine.classify(ticket, options);
const priority: string = classification.priority;
const rank: number = classification.rank;
const label: Label = classification.label;
const zh: string = label.zh;
const en: string | undefined = label.en;
const rule: string | null = classification.rule;
const source: string | undefined = classification.source;
const trace: RowTrace[] | undefined = classification.trace;
const failedCell: string | undefined = trace?.[0]?.failed?.cell;
const ruleSetId: string = classification.rule_set.id;
// @ts-expect-error priority is text, not a number
const priorityNumber: number = classification.priority;
// @ts-expect-error a classification has no such field
classification.deadline;
// @ts-expect-error a ticket is an object
engine.classify(42);
// @ts-expect-error options.trace is a boolean
engine.classify(ticket, { trace: "yes" });
// @ts-expect-error options have no such key
engine.classify(ticket, { verbose: true });

// ---- decide -----------------------------------------------------------------------------------
const decision: Decision = engine.decide("assign", ticket);
const decidedRows: string[] = decision.rules;
const output: string | number | boolean | null | undefined = decision.outputs[0]?.["team"];
const aggregate: number | undefined = decision.aggregate;
// @ts-expect-error outputs hold JSON scalars, not objects
const outputObject: object | undefined = decision.outputs[0]?.["team"];

// ---- deadlines ------------------------------------------------------------------------------
const deadlines: Deadlines = engine.deadlines(ticket, now);
const clock: TargetClock | undefined = deadlines.targets[0];
if (clock) {
  const state: TargetState = clock.state;
  const kind: DurationKind = clock.kind;
  const deadline: string | null = clock.deadline;
  const remaining: number | null = clock.remaining_seconds;
  const cycle: number = clock.cycle;
  const reached: boolean | undefined = clock.warnings[0]?.reached;
  const notify: string[] | undefined = clock.escalations[0]?.to;
  // @ts-expect-error not a target state
  const late: TargetState = "late";
  // @ts-expect-error the deadline may be null
  const deadlineText: string = clock.deadline;
}
const changedTo: string | undefined = deadlines.priority_changed?.to;

// ---- working time ---------------------------------------------------------------------------
const later: string = engine.addWorkingTime("office", now, "2h");
const seconds: number = engine.workingTimeBetween("office", now, later);
const close: string = engine.closeOfWorkingDay("office", now, 1);
// @ts-expect-error n is a number
engine.closeOfWorkingDay("office", now, "1");

// ---- quote and the schedule -----------------------------------------------------------------
const order: Order = { ...ticket, lines: [{ code: "PL-01", quantity: "2" }, { description: "疏通", labor: "80.00" }] };
const receipt: Receipt = engine.quote(order, now);
const status: "priced" | "quote_required" = receipt.status;
const currency: "CNY" = receipt.currency;
const total: Money | null = receipt.total;
const fen: number | undefined = total?.fen;
const amount: string | undefined = total?.text;
const basis: "completed" | "appointment" | "now" = receipt.work_time.basis;
const line: ReceiptLine | undefined = receipt.lines[0];
const lineIndex: number | null | undefined = line?.line;
const lineKind: "item" | "off_schedule" | "surcharge" | undefined = line?.kind;
const free: FreeReason | null = receipt.free;
if (free?.by === "warranty") {
  const until: string = free.until;
} else if (free?.by === "table") {
  const freeRule: string = free.rule;
}
const review: TargetClock | null = receipt.review;
// @ts-expect-error the total is null while a quote is required
receipt.total.fen;
// @ts-expect-error fen is an integer number, not text
const fenText: string | undefined = total?.fen;
// @ts-expect-error an order needs lines
engine.quote(ticket, now);
const schedule: Schedule | null = engine.priceSchedule(now);
const item: ScheduleItem | undefined = schedule?.items[0];
const labor: Labor | undefined = item?.labor;
if (labor?.kind === "time") {
  const per: number = labor.per_seconds;
} else if (labor?.kind === "range") {
  const min: Money = labor.min;
}
const categoryLabel: Label | undefined = schedule?.categories[0]?.label;

// ---- evaluate and batches -------------------------------------------------------------------
const evaluation: Evaluation = engine.evaluate(order, now);
const evaluatedPriority: string = evaluation.priority;
const slaPriority: string = evaluation.sla_priority;
const targets: TargetClock[] = evaluation.targets;
const fee: Receipt | undefined = evaluation.fee;
const followUpsOfEvaluation: FollowUps | undefined = evaluation.follow_ups;
// @ts-expect-error an evaluation never records a trace
const evaluationTrace: RowTrace[] = evaluation.trace;
const batchOptions: BatchOptions = { call: "classify" };
const items: BatchItem[] = engine.evaluateBatch([ticket, order], now, batchOptions);
for (const entry of items) {
  if ("error" in entry) {
    const code: ErrorCode = entry.error.code;
    const at: number | undefined = entry.line;
  } else {
    const entryRuleSet: RuleSetRef = entry.rule_set;
    if ("rank" in entry) {
      const entryPriority: string = entry.priority;
    }
  }
}
engine.evaluateBatch('{"description":"漏水"}\n', now);
const ndjson: string = engine.evaluateNdjson(new TextEncoder().encode("{}\n"), now, { call: "evaluate" });
// @ts-expect-error not a batch call
engine.evaluateNdjson("{}\n", now, { call: "lint" });
const batch: Batch = engine.batch(now, { firstLine: 10 });
const fed: string = batch.feed(new TextEncoder().encode('{"kind":"enquiry"}\n'));
const rest: string = batch.finish();
const fedBytes: Uint8Array = batch.feedBytes(new TextEncoder().encode('{"kind":"help"}\n'));
const restBytes: Uint8Array = batch.finishBytes();
const counted: number = batch.records + batch.errors;
batch.free();

// ---- KPIs and follow-ups ----------------------------------------------------------------------
const record: TicketRecord = { ...ticket, team: "east", survey: { answer: "满意" }, callbacks: [{ at: now }] };
const kpiOptions: KpiOptions = { now, by: ["month", "team"] };
const report: KpiReport = engine.kpi([record], kpiOptions);
const overall: GroupReport = report.overall;
const satisfaction: Rate = overall.metrics.satisfaction;
const percent: string | null = satisfaction.percent;
const numerator: number = satisfaction.numerator;
const month: string | undefined = report.groups[0]?.key.month;
const verdict: "pass" | "fail" | "no_data" | undefined = overall.thresholds[0]?.verdict;
const median: number | null | undefined = overall.metrics.times[0]?.median_seconds;
const skippedCode: ErrorCode | undefined = report.errors[0]?.code;
const skippedIndex: number | undefined = report.errors[0]?.index;
// @ts-expect-error not a dimension
const year: Dimension = "year";
// @ts-expect-error KPI options need `now`
engine.kpi([record], { by: ["month"] });
// @ts-expect-error group keys are dimensions
report.groups[0]?.key.year;
const run: KpiRun = engine.kpiRun({ now });
run.add(record);
run.addLine(JSON.stringify(record));
run.addNdjson(new TextEncoder().encode(JSON.stringify(record) + "\n"));
const part: KpiRun = engine.kpiRun({ now });
part.startAtLine(2);
part.addLine(JSON.stringify(record));
const counts: string = part.endPart();
run.merge(counts);
part.startAtLine(3);
const counters: string = part.partial();
run.merge(counters);
// @ts-expect-error a part's counters are text
run.merge(part);
const streamed: KpiReport = run.finish();
const followUps: FollowUps = engine.followUps(record, now);
const revisitState: FollowUpState | undefined = followUps.revisit?.state;
const callbackOwner: string | null | undefined = followUps.callbacks[0]?.owner;
// @ts-expect-error the revisit may be null
followUps.revisit.due;

// ---- cases, lint, diff ------------------------------------------------------------------------
const cases: CaseReport = engine.runCases('{"cases":[]}');
const passed: number = cases.passed;
const call: "classify" | "decide" | "deadlines" | "quote" | "follow_ups" | "kpi" | undefined = cases.cases[0]?.call;
const expected: unknown = cases.cases[0]?.mismatches[0]?.expected;
const caseError: ProblemRef | undefined = cases.cases[0]?.error;
const coverage: string | null = cases.coverage.percent;
const uncoveredRows: string[] | undefined = cases.coverage.tables[0]?.uncovered;
const lint: LintReport = engine.lint();
const finding: Finding | undefined = lint.findings[0];
const severity: "error" | "warning" | "info" | undefined = finding?.severity;
const findingKind: string | undefined = finding?.kind;
const witness: Ticket | undefined = finding?.witness;
// @ts-expect-error not a finding kind
const unknownKind: Finding["kind"] = "typo";
const diff: DiffReport = engine.diff(parts, [ticket], now);
engine.diff(parts, null, now);
const witnesses: boolean = diff.witnesses;
const what: "priority" | "deadline" | "state" | "total" | "error" | undefined = diff.changed[0]?.changes[0]?.what;
const before: unknown = diff.changed[0]?.changes[0]?.before;
// @ts-expect-error `after` is an engine, not rule text
engine.diff(rules, null, now);

// ---- errors -----------------------------------------------------------------------------------
try {
  new Engine("{}");
} catch (e) {
  if (e instanceof SlafeeError) {
    const code: ErrorCode = e.code;
    const path: string = e.path;
    const name: "SlafeeError" = e.name;
    const problems: Problem[] | undefined = e.problems;
    const problemCode: ErrorCode | undefined = problems?.[0]?.code;
    if (e.code === "invalid_rule_set") {
      const count: number = e.problems?.length ?? 0;
    }
    // @ts-expect-error not an error code
    if (e.code === "oops") {
    }
  }
}
const made: SlafeeError = new SlafeeError("bad", "invalid_value", "/now");
// @ts-expect-error not an error code
new SlafeeError("bad", "bad_code", "");
// @ts-expect-error not an error code
const notACode: ErrorCode = "not_a_code";

engine.free();
parts.free();
