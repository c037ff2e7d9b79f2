// Eight ticket records for the KPI panel's 载入示例 / Load sample button: repairs, complaints and
// an enquiry reported 1–5 April 2026, each with its event log and what happened after (survey,
// revisit, call-backs, fee). Field names follow the `TicketRecord` type of the package.

export const SAMPLE_RECORDS = [
  {
    created: "2026-04-01T08:10:00+08:00", kind: "repair", area: "indoor", system: "water",
    description: "厨房水管爆裂，水漫到客厅", team: "工程一组",
    events: [
      { type: "responded", at: "2026-04-01T08:22:00+08:00" },
      { type: "arrived", at: "2026-04-01T08:50:00+08:00" },
      { type: "resolved", at: "2026-04-01T09:40:00+08:00" },
      { type: "closed", at: "2026-04-01T10:00:00+08:00" },
      { type: "called_back", at: "2026-04-08T10:00:00+08:00" },
    ],
    survey: { answer: "satisfied", at: "2026-04-01T18:00:00+08:00" },
    callbacks: [{ at: "2026-04-08T10:00:00+08:00", by: "物业助理" }],
  },
  {
    created: "2026-04-01T14:00:00+08:00", kind: "repair", area: "indoor", system: "door_window",
    description: "入户门锁芯坏了，要求有偿更换", paid: true, team: "工程二组",
    events: [
      { type: "responded", at: "2026-04-01T14:15:00+08:00" },
      { type: "dispatched", at: "2026-04-01T14:20:00+08:00" },
      { type: "arrived", at: "2026-04-01T14:28:00+08:00" },
      { type: "resolved", at: "2026-04-01T15:10:00+08:00" },
      { type: "closed", at: "2026-04-01T15:20:00+08:00" },
    ],
    survey: { answer: "satisfied", at: "2026-04-01T16:00:00+08:00" },
    fee: { amount: "120.00", collected: true },
  },
  {
    created: "2026-04-02T10:30:00+08:00", kind: "complaint", area: "common", system: "other",
    description: "楼上装修噪音，晚上十点后仍在施工", complaint_level: "general", team: "客服组",
    events: [
      { type: "responded", at: "2026-04-02T10:50:00+08:00" },
      { type: "arrived", at: "2026-04-02T11:30:00+08:00" },
      { type: "resolved", at: "2026-04-03T16:00:00+08:00" },
      { type: "closed", at: "2026-04-03T16:30:00+08:00" },
      { type: "called_back", at: "2026-04-05T10:00:00+08:00" },
    ],
    survey: { answer: "basically_satisfied", at: "2026-04-04T09:00:00+08:00" },
    callbacks: [{ at: "2026-04-05T10:00:00+08:00", by: "物业助理", issue: true, handled: true }],
  },
  {
    created: "2026-04-02T21:05:00+08:00", kind: "repair", area: "indoor", system: "gas",
    description: "厨房有燃气味，怀疑燃气泄漏", team: "工程一组",
    events: [
      { type: "responded", at: "2026-04-02T21:45:00+08:00" },
      { type: "arrived", at: "2026-04-02T22:00:00+08:00" },
      { type: "resolved", at: "2026-04-02T22:50:00+08:00" },
      { type: "closed", at: "2026-04-02T23:00:00+08:00" },
      { type: "called_back", at: "2026-04-06T11:00:00+08:00" },
    ],
    survey: { answer: "unsatisfied", at: "2026-04-03T09:00:00+08:00" },
    revisit: { at: "2026-04-03T15:00:00+08:00" },
    callbacks: [{ at: "2026-04-06T11:00:00+08:00", by: "物业助理", issue: true, handled: false }],
  },
  {
    created: "2026-04-03T09:00:00+08:00", kind: "repair", area: "common", system: "lighting",
    description: "3 栋楼道灯不亮", team: "工程二组",
    events: [
      { type: "engineering_notified", at: "2026-04-03T09:05:00+08:00" },
      { type: "arrived", at: "2026-04-03T09:18:00+08:00" },
      { type: "responded", at: "2026-04-03T09:20:00+08:00" },
      { type: "resolved", at: "2026-04-03T11:00:00+08:00" },
      { type: "closed", at: "2026-04-03T11:10:00+08:00" },
    ],
    survey: { answer: "satisfied", at: "2026-04-03T17:00:00+08:00" },
  },
  {
    created: "2026-04-03T16:00:00+08:00", kind: "complaint", area: "common", system: "cleaning",
    description: "垃圾桶满了两天没人清运", complaint_level: "important", team: "客服组",
    events: [
      { type: "responded", at: "2026-04-03T16:30:00+08:00" },
      { type: "arrived", at: "2026-04-03T17:10:00+08:00" },
      { type: "resolved", at: "2026-04-04T10:00:00+08:00" },
      { type: "closed", at: "2026-04-04T10:15:00+08:00" },
    ],
    survey: { answer: "satisfied", at: "2026-04-04T15:00:00+08:00" },
  },
  {
    created: "2026-04-04T10:00:00+08:00", kind: "repair", area: "indoor", system: "drain",
    description: "卫生间地漏堵塞，要求有偿疏通", paid: true, team: "工程一组",
    events: [
      { type: "responded", at: "2026-04-04T10:30:00+08:00" },
      { type: "dispatched", at: "2026-04-04T10:35:00+08:00" },
      { type: "arrived", at: "2026-04-04T10:44:00+08:00" },
      { type: "resolved", at: "2026-04-04T11:30:00+08:00" },
      { type: "closed", at: "2026-04-04T11:40:00+08:00" },
    ],
    survey: { answer: "basically_satisfied", at: "2026-04-04T18:00:00+08:00" },
    fee: { amount: "50.00", collected: false },
  },
  {
    created: "2026-04-05T09:30:00+08:00", kind: "enquiry",
    description: "咨询物业费怎么交", team: "客服组",
    events: [
      { type: "responded", at: "2026-04-05T11:00:00+08:00" },
      { type: "resolved", at: "2026-04-05T14:00:00+08:00" },
      { type: "closed", at: "2026-04-05T14:00:00+08:00" },
    ],
    survey: { answer: "satisfied", at: "2026-04-05T15:00:00+08:00" },
  },
];

/** The records as NDJSON, one per line, as the textarea takes them. */
export const SAMPLE_NDJSON = SAMPLE_RECORDS.map((record) => JSON.stringify(record)).join("\n");
