// Shared test inputs for the Node suites: a small rule set written out in full, so each test
// states exactly what it relies on.
export const RULES = {
  id: "node-test",
  version: "1",
  effective_from: "2026-01-01",
  time_zone: "Asia/Shanghai",
  priorities: [
    { id: "emergency", rank: 1, label: { zh: "紧急", en: "Emergency" } },
    { id: "routine", rank: 2, label: { zh: "常规", en: "Routine" } },
    { id: "low", rank: 3, label: { zh: "低优先级" } },
  ],
  classify: {
    hit_policy: "first",
    inputs: ["kind", "system", "description"],
    default: { priority: "routine" },
    rules: [
      { id: "gas", when: { description: 'contains("燃气","煤气")' }, then: { priority: "emergency" }, source: "seed" },
      { id: "lift", when: { system: '"elevator"', description: 'contains("困人")' }, then: { priority: "emergency" } },
      { id: "enquiry", when: { kind: '"enquiry"' }, then: { priority: "low" } },
    ],
  },
};

export const RULES_TEXT = JSON.stringify(RULES);
