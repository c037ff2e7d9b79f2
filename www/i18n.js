// Every label the page shows, in one dictionary, and the language switch (中文 / English).
//
// An entry is { zh, en }, or a function of the values it depends on returning one. In Chinese
// (the default) a label is shown as the Chinese with the English beside it in a lang="en" span,
// as the clerk's page always has; in English, as the English alone. Short values (options,
// states, verdicts, placeholders) show one language only.
//
// Static HTML names its entry with data-i18n="path.to.entry" (content), data-i18n-text (plain
// text) or data-i18n-placeholder / data-i18n-aria-label; bind() attaches an entry to an element
// made by script. Both are rewritten when the language changes.

export const TEXT = {
  page: {
    documentTitle: { zh: "工单分级 · slafee", en: "Ticket triage · slafee" },
    title: { zh: "工单分级", en: "Ticket triage" },
    ruleSet: { zh: "规则集", en: "Rule set" },
    loading: { zh: "加载中…", en: "Loading…" },
    language: { zh: "语言 / Language", en: "Language / 语言" },
    toKpi: { zh: "KPI 考核", en: "KPI review" },
    toWorkbench: { zh: "规则工作台", en: "Rule workbench" },
    loadFailed: { zh: "规则集加载失败 / Could not load the rule set: ", en: "Could not load the rule set: " },
  },

  form: {
    kind: { zh: "类型", en: "Kind" },
    area: { zh: "区域", en: "Area" },
    system: { zh: "系统", en: "System" },
    households: { zh: "影响户数", en: "Households affected" },
    hazard: { zh: "存在安全隐患", en: "Hazard to people or property" },
    paid: { zh: "有偿维修", en: "Paid repair" },
    created: { zh: "报修时间", en: "Created" },
    appointment: { zh: "预约时间", en: "Appointment" },
    promised: { zh: "承诺完成时间", en: "Promised completion" },
    dispatched: { zh: "派单时间", en: "Dispatched" },
    description: { zh: "问题描述", en: "Description" },
    descriptionPlaceholder: {
      zh: "例如：厨房水管爆裂，水漫到客厅",
      en: "e.g. the kitchen pipe burst and flooded the living room",
    },
    choose: { zh: "请选择", en: "Choose…" },
  },

  /** Values of the ticket's fields (also the KPI's category groups). */
  kinds: {
    repair: { zh: "报修", en: "Repair" },
    complaint: { zh: "投诉", en: "Complaint" },
    help: { zh: "求助", en: "Help request" },
    enquiry: { zh: "咨询", en: "Enquiry" },
    activity: { zh: "社区活动", en: "Community activity" },
  },
  areas: {
    indoor: { zh: "户内", en: "Indoor" },
    common: { zh: "公共部位", en: "Common area" },
  },
  systems: {
    water: { zh: "给水", en: "Water supply" },
    drain: { zh: "下水", en: "Drainage" },
    electric: { zh: "电", en: "Electrical" },
    gas: { zh: "燃气", en: "Gas" },
    elevator: { zh: "电梯", en: "Elevator" },
    fire: { zh: "消防", en: "Fire safety" },
    door_window: { zh: "门窗锁", en: "Doors, windows, locks" },
    lighting: { zh: "照明", en: "Lighting" },
    appliance: { zh: "家电", en: "Appliances" },
    security: { zh: "安防门禁", en: "Security and access" },
    cleaning: { zh: "保洁", en: "Cleaning" },
    greenery: { zh: "绿化", en: "Landscaping" },
    other: { zh: "其他", en: "Other" },
  },

  result: {
    title: { zh: "分级结果", en: "Result" },
    priority: { zh: "优先级", en: "Priority" },
    rule: { zh: "命中规则", en: "Rule" },
    source: { zh: "依据", en: "Source" },
    whyNot: { zh: "未命中的规则", en: "Why not the other rows" },
    defaultRule: { zh: "默认", en: "default" },
    emptyValue: { zh: "（空 / empty）", en: "(empty)" },
  },

  deadlines: {
    title: { zh: "时限", en: "Deadlines" },
    asOf: { zh: "截至", en: "As of" },
    target: { zh: "目标", en: "Target" },
    deadline: { zh: "截止", en: "Deadline" },
    state: { zh: "状态", en: "State" },
    remaining: { zh: "剩余", en: "Remaining" },
    warnings: { zh: "预警", en: "Warnings" },
    warningReached: { zh: "已预警", en: "reached" },
    escalatesTo: (to) => ({ zh: `上报：${to}`, en: `escalates to ${to}` }),
    none: { zh: "无适用时限", en: "No targets apply" },
    errorPrefix: { zh: "时限 / Deadlines: ", en: "Deadlines: " },
    /** SLA target ids of the default rule set; any other id is shown as it is. */
    targets: {
      respond: { zh: "响应", en: "Response" },
      arrive: { zh: "到场", en: "On site" },
      resolve: { zh: "完成", en: "Resolution" },
      reply: { zh: "答复", en: "Reply" },
      "paid-arrive": { zh: "有偿到场", en: "Paid repair on site" },
      "paid-arrive-appointment": { zh: "预约到场", en: "On site for the appointment" },
      "quote-review": { zh: "报价审核", en: "Quote review" },
      "notify-engineering": { zh: "通知工程部", en: "Engineering notified" },
      "common-arrive": { zh: "公共报修到场", en: "Common-area repair on site" },
      "help-reply": { zh: "求助答复", en: "Help reply" },
      "complaint-callback": { zh: "投诉回访", en: "Complaint call-back" },
      "repair-callback": { zh: "维修回访", en: "Repair call-back" },
    },
    states: {
      pending: { zh: "未开始", en: "Not started" },
      running: { zh: "进行中", en: "Running" },
      paused: { zh: "暂停", en: "Paused" },
      met: { zh: "已达成", en: "Met" },
      breached: { zh: "已超时", en: "Overdue" },
      breached_met: { zh: "超时完成", en: "Met late" },
    },
  },

  /** A promised time (appointment, promised completion) later than a target's deadline. */
  promise: {
    late: (target, deadline, by) => ({
      zh: `晚于${target.zh}时限 ${deadline}（超出 ${by.zh}）`,
      en: `misses the ${(target.en ?? target.zh).toLowerCase()} deadline ${deadline} by ${by.en}`,
    }),
  },

  /** Pieces of a remaining time: "1天2小时5分" / "1 d 2 h 5 min". */
  time: {
    days: (n) => ({ zh: `${n}天`, en: `${n} d` }),
    hours: (n) => ({ zh: `${n}小时`, en: `${n} h` }),
    minutes: (n) => ({ zh: `${n}分`, en: `${n} min` }),
    join: { zh: "", en: " " },
    underAMinute: { zh: "不足1分", en: "< 1 min" },
    overdue: (text) => ({ zh: `超时 ${text}`, en: `${text} overdue` }),
  },

  fees: {
    schedule: { zh: "收费标准", en: "Price schedule" },
    scheduleItem: { zh: "收费项目", en: "Schedule item" },
    pickerPlaceholder: { zh: "输入编码或名称，如 PLMB-01、水龙头", en: "Type a code or a name, e.g. PLMB-01, tap" },
    add: { zh: "添加", en: "Add" },
    addOffSchedule: { zh: "添加非收费标准项目", en: "Add off-schedule item" },
    lines: { zh: "维修项目", en: "Order lines" },
    handover: { zh: "交房日期", en: "Handover date" },
    handoverHint: { zh: "保修期内的项目免费", en: "Items under warranty are free" },

    quantity: (unit) => ({ zh: `数量（${unit}）`, en: "Quantity" }),
    minutes: { zh: "工时（分钟）", en: "Minutes worked" },
    labor: { zh: "人工单价", en: "Labor per unit" },
    laborRange: (min, max, unit) => ({ zh: `允许 ${min}–${max}/${unit}`, en: `allowed ${min}–${max} per ${unit}` }),
    materialCost: { zh: "材料费（按实）", en: "Material at cost" },
    materialCostHint: { zh: "整行合计；无材料填 0", en: "for the whole line; 0 if none" },
    suppliedBy: { zh: "业主自购材料", en: "Resident supplies the material" },
    description: { zh: "维修内容", en: "Work to be done" },
    accepted: { zh: "业主已确认报价", en: "Resident accepted the quote" },
    quotedLabor: { zh: "报价人工费", en: "Quoted labor" },
    quotedMaterial: { zh: "报价材料费", en: "Quoted material" },
    offSchedule: { zh: "非收费标准项目", en: "Off-schedule item" },
    offScheduleHint: {
      zh: "由工程部主管评审报价；业主确认后勾选并填写报价",
      en: "the supervisor reviews the quote; tick and fill it in once the resident accepts",
    },
    remove: { zh: "删除", en: "Remove" },
    scheduleItems: (n) => ({ zh: `${n} 项`, en: `${n} items` }),
    noSchedule: { zh: "此规则集没有收费标准", en: "This rule set has no price schedule" },
    pickEmpty: { zh: "请输入编码或名称", en: "Type a code or a name" },
    pickNone: (query) => ({ zh: `没有与“${query}”匹配的项目`, en: `No item matches "${query}"` }),
    pickMany: (n, codes) => ({
      zh: `${n} 个项目匹配，请从列表中选择：${codes.zh}`,
      en: `${n} items match; pick one from the list: ${codes.en}`,
    }),
    listSeparator: { zh: "、", en: ", " },
    basis: {
      now: { zh: "（当前）", en: "now" },
      appointment: { zh: "（预约时间）", en: "the appointment" },
      completed: { zh: "（完工时间）", en: "completion" },
    },
    pendingQuote: { zh: "待报价", en: "Quote pending" },
    awaitingReview: { zh: "待主管评审报价", en: "Awaiting the supervisor's quote" },
    reviewDue: { zh: "评审截止", en: "Review due" },
    free: { zh: "免费", en: "Free of charge" },
    freeSeparator: { zh: "：", en: ": " },
    warranty: ({ label, handover, until }) => ({
      zh: `保修期内免费（${label.zh}，交房 ${handover}，保修至 ${until}）`,
      en: `under warranty (${label.en ?? label.zh}, handed over ${handover}, covered until ${until})`,
    }),
    waived: (amount) => ({ zh: `免收 ${amount}`, en: `${amount} waived` }),
    surchargeRate: (percent, base) => ({ zh: `人工费 ${base} 的 ${percent}%`, en: `${percent}% of ${base} labor` }),
    billing: (period) => ({ zh: `计入 ${period} 管理费账单`, en: `Billed with the ${period} management-fee statement` }),
    lineNeedsFix: (n) => ({ zh: `第 ${n} 行需更正，收据暂不能计算`, en: `Line ${n} needs a correction before it can be priced` }),
    errorPrefix: { zh: "收费 / Fees: ", en: "Fees: " },
    notesSeparator: { zh: "；", en: "; " },
    workedMinutes: (n) => ({ zh: `（${n}分钟）`, en: ` (${n} min)` }),

    /** How a schedule item is priced (the picker's list and each line's summary). */
    per: (amount, unit) => ({ zh: `${amount}/${unit}`, en: `${amount} per ${unit}` }),
    hoursDuration: (n) => ({ zh: `${n}小时`, en: `${n} h` }),
    minutesDuration: (n) => ({ zh: `${n}分钟`, en: `${n} min` }),
    laborFixed: (per) => ({ zh: `人工 ${per.zh}`, en: `labor ${per.en}` }),
    laborOnSite: (min, max, unit) => ({
      zh: `人工 ${min}–${max}/${unit}（现场定价）`,
      en: `labor ${min}–${max} per ${unit}, set on site`,
    }),
    freeRemainder: (free) => ({ zh: `，零头不超过${free.zh}不计`, en: `; a remainder up to ${free.en} is free` }),
    minimum: (minimum) => ({ zh: `，最少计${minimum.zh}`, en: `; at least ${minimum.en}` }),
    cap: (amount) => ({ zh: `，封顶 ${amount}`, en: `, capped at ${amount}` }),
    material: {
      included: { zh: "含材料", en: "material included" },
      listOrOwn: (per) => ({ zh: `材料 ${per.zh}，可业主自购`, en: `material ${per.en}, or the resident's own` }),
      atCostOrOwn: { zh: "材料按实，可业主自购", en: "material at cost, or the resident's own" },
      extra: (per) => ({ zh: `材料另计 ${per.zh}`, en: `material extra, ${per.en}` }),
      extraOnSite: { zh: "材料另计（现场录入）", en: "material extra, as entered on site" },
      own: { zh: "材料由业主自备", en: "the resident supplies the material" },
      atCost: { zh: "材料按实收取", en: "material at cost" },
    },
    summarySeparator: { zh: "；", en: "; " },
    itemSeparator: { zh: " · ", en: " · " },
  },

  receipt: {
    title: { zh: "服务收据", en: "Service receipt" },
    pricedAt: { zh: "计价时间", en: "Priced at" },
    item: { zh: "项目", en: "Item" },
    quantity: { zh: "数量/单位", en: "Qty" },
    labor: { zh: "人工费", en: "Labor" },
    material: { zh: "材料费", en: "Material" },
    subtotal: { zh: "小计", en: "Subtotal" },
    notes: { zh: "备注", en: "Notes" },
    total: { zh: "合计", en: "Total" },
    empty: { zh: "尚未添加收费项目", en: "No items yet" },
    resident: { zh: "业主签字", en: "Resident" },
    technician: { zh: "维修人员", en: "Technician" },
    date: { zh: "日期", en: "Date" },
    print: { zh: "打印收据", en: "Print receipt" },
  },

  /** Chinese for the engine's error codes; its English message is shown beside it. */
  errors: {
    missing_field: { zh: "必填", en: "Required" },
    out_of_range: { zh: "超出允许范围", en: "Out of range" },
    invalid_money: { zh: "金额应写作如 20.00", en: "Write amounts like 20.00" },
    invalid_value: { zh: "取值无效", en: "Invalid value" },
    wrong_type: { zh: "类型不对", en: "Wrong type" },
    unknown_key: { zh: "此项不适用", en: "Does not apply" },
    unknown_item: { zh: "收费标准中没有此项目", en: "Not on the price schedule" },
    invalid_date: { zh: "日期无效", en: "Invalid date" },
    money_overflow: { zh: "金额过大", en: "Amount too large" },
    json_syntax: { zh: "不是有效的 JSON", en: "Not valid JSON" },
    invalid_event_log: { zh: "事件记录有误", en: "Invalid event log" },
    calendar_not_covered: { zh: "超出工作日历范围", en: "Outside the calendar" },
    invalid_ticket: { zh: "工单无效", en: "Invalid ticket" },
  },

  kpi: {
    title: { zh: "KPI 考核", en: "KPI review" },
    intro: {
      zh: "按规则集的考核指标统计工单记录：满意率、及时率、回访率、收费率与响应用时",
      en: "Scores ticket records against the rule set's thresholds: satisfaction, timeliness, call-backs, fee collection and response times",
    },
    records: { zh: "工单记录（NDJSON，每行一条）", en: "Ticket records (NDJSON, one per line)" },
    recordsHint: {
      zh: "每行一个 JSON 对象：工单字段、events、survey、callbacks、fee、team；空行忽略",
      en: "one JSON object a line: the ticket's fields, events, survey, callbacks, fee, team; blank lines are ignored",
    },
    file: { zh: "上传 .ndjson 文件", en: "Upload an .ndjson file" },
    sample: { zh: "载入示例", en: "Load sample" },
    now: { zh: "统计时点", en: "Now" },
    nowHint: { zh: "回访与时限按此时刻判断", en: "call-backs and clocks are read at this instant" },
    groupBy: { zh: "分组", en: "Group by" },
    compute: { zh: "计算", en: "Compute" },
    computing: { zh: "计算中…", en: "Computing…" },
    noRecords: { zh: "请先粘贴记录、上传文件或载入示例", en: "Paste records, upload a file or load the sample first" },
    engineNotReady: { zh: "规则引擎尚未就绪", en: "The engine is not ready" },
    fileLoaded: (name, lines) => ({ zh: `已载入 ${name}（${lines} 行）`, en: `Loaded ${name} (${lines} lines)` }),
    fileFailed: (name, message) => ({ zh: `无法读取 ${name}：${message}`, en: `Could not read ${name}: ${message}` }),
    sampleLoaded: (n) => ({ zh: `已载入 ${n} 条示例记录`, en: `Loaded ${n} sample records` }),
    done: (evaluated, skipped) => ({
      zh: `已统计 ${evaluated} 条，跳过 ${skipped} 条`,
      en: `${evaluated} evaluated, ${skipped} skipped`,
    }),
    dimensions: {
      none: { zh: "不分组", en: "None" },
      day: { zh: "日", en: "Day" },
      week: { zh: "周", en: "Week" },
      month: { zh: "月份", en: "Month" },
      category: { zh: "类别", en: "Category" },
      priority: { zh: "优先级", en: "Priority" },
      team: { zh: "班组", en: "Team" },
    },
    summary: {
      records: { zh: "记录", en: "Records" },
      evaluated: { zh: "已统计", en: "Evaluated" },
      skipped: { zh: "已跳过", en: "Skipped" },
      ruleSet: { zh: "规则集", en: "Rule set" },
      asOf: { zh: "统计时点", en: "As of" },
    },
    skippedTitle: { zh: "跳过的记录", en: "Skipped records" },
    skippedColumns: {
      record: { zh: "记录", en: "Record" },
      line: { zh: "行", en: "Line" },
      code: { zh: "代码", en: "Code" },
      path: { zh: "位置", en: "Path" },
      message: { zh: "说明", en: "Message" },
    },
    moreSkipped: (shown, total) => ({ zh: `仅列出前 ${shown} 条（共 ${total} 条）`, en: `The first ${shown} of ${total} are listed` }),
    overall: { zh: "总体", en: "Overall" },
    tickets: (n) => ({ zh: `${n} 张工单`, en: `${n} tickets` }),
    noneValue: { zh: "（未填）", en: "(none)" },
    keySeparator: { zh: "：", en: ": " },
    groupsCapped: (shown, total) => ({ zh: `仅显示前 ${shown} 组（共 ${total} 组）`, en: `Showing the first ${shown} of ${total} groups` }),
    noGroups: { zh: "没有可分组的记录", en: "No records to group" },
    columns: {
      threshold: { zh: "指标", en: "Threshold" },
      value: { zh: "数值", en: "Value" },
      ratio: { zh: "分子/分母", en: "n / total" },
      target: { zh: "目标", en: "Target" },
      verdict: { zh: "结论", en: "Verdict" },
      chart: { zh: "对比目标", en: "Against the target" },
    },
    chartHint: { zh: "竖线为目标值", en: "the line marks the target" },
    verdicts: {
      pass: { zh: "达标", en: "Met" },
      fail: { zh: "未达标", en: "Not met" },
      no_data: { zh: "无数据", en: "No data" },
    },
    /** Threshold ids of the default rule set; any other is named by its metric. */
    thresholds: {
      satisfaction: { zh: "满意率", en: "Satisfaction" },
      "satisfaction-commitment": { zh: "满意率（承诺）", en: "Satisfaction (commitment)" },
      "complaint-callback": { zh: "投诉回访率", en: "Complaint call-backs" },
      "repair-callback": { zh: "维修回访率", en: "Repair call-backs" },
      "activity-callback": { zh: "活动回访率", en: "Activity call-backs" },
      "callback-handling": { zh: "回访处理率", en: "Call-back issues handled" },
      "fee-collection": { zh: "费用催交率", en: "Fees collected" },
      "emergency-respond-p90": { zh: "紧急报修响应用时（P90）", en: "Emergency response time (p90)" },
      timely: { zh: "及时率", en: "On time" },
    },
    metrics: {
      satisfaction: { zh: "满意率", en: "Satisfaction" },
      satisfaction_strict: { zh: "满意率（仅满意）", en: "Satisfaction (strict)" },
      timely: { zh: "及时率", en: "On time" },
      callback_coverage: { zh: "回访率", en: "Call-back coverage" },
      callback_handling: { zh: "回访处理率", en: "Call-back issues handled" },
      fee_collection: { zh: "费用催交率", en: "Fees collected" },
      time: { zh: "用时", en: "Time" },
    },
    minutes: (n) => ({ zh: `${n} 分钟`, en: `${n} min` }),
    atLeast: { zh: "≥", en: "≥" },
    atMost: { zh: "≤", en: "≤" },
  },

  /** The rule workbench (workbench.js). */
  workbench: {
    title: { zh: "规则工作台", en: "Rule workbench" },
    intro: {
      zh: "编辑规则集与用例文件：边改边校验和检查，运行用例并查看覆盖率，与载入的原版比较，再下载",
      en: "Edit a rule set and its case file: checked and linted as you type, cases run with coverage, compared with the loaded original, then downloaded",
    },
    loadDefault: { zh: "载入默认", en: "Load default" },
    rules: { zh: "规则集 JSON", en: "Rule set JSON" },
    cases: { zh: "用例文件 JSON", en: "Case file JSON" },
    dropHint: { zh: "可把 .json 文件拖放到文本框中载入", en: "drop a .json file on the text box to load it" },
    placeholder: { zh: "点击“载入默认”，或打开、拖入 JSON 文件", en: "Load the default, or open or drop a JSON file" },
    openRules: { zh: "打开规则集文件", en: "Open a rule set file" },
    openCases: { zh: "打开用例文件", en: "Open a case file" },
    downloadRules: { zh: "下载规则集", en: "Download the rule set" },
    downloadCases: { zh: "下载用例文件", en: "Download the case file" },
    fromDefault: (name) => ({ zh: `默认：${name}`, en: `Default: ${name}` }),
    fromFile: (name) => ({ zh: `文件：${name}`, en: `File: ${name}` }),
    notLoaded: { zh: "尚未载入", en: "Nothing loaded" },
    edited: { zh: "（已修改）", en: "(edited)" },
    loading: { zh: "载入中…", en: "Loading…" },
    loadFailed: (message) => ({ zh: `载入失败：${message}`, en: `Could not load: ${message}` }),
    defaultLoaded: { zh: "已载入默认规则集与用例文件", en: "Loaded the default rule set and case file" },
    fileLoaded: (name) => ({ zh: `已载入 ${name}`, en: `Loaded ${name}` }),
    fileFailed: (name, message) => ({ zh: `无法读取 ${name}：${message}`, en: `Could not read ${name}: ${message}` }),
    downloaded: (name) => ({ zh: `已下载 ${name}`, en: `Downloaded ${name}` }),

    checkTitle: { zh: "校验", en: "Validation" },
    noRules: { zh: "尚无规则集", en: "No rule set yet" },
    compiled: (ref) => ({ zh: `规则集有效：${ref}`, en: `The rule set compiles: ${ref}` }),
    problems: (n) => ({ zh: `规则集有 ${n} 个问题`, en: n === 1 ? "The rule set has 1 problem" : `The rule set has ${n} problems` }),
    locate: { zh: "定位", en: "Locate" },
    position: (line, column) => ({ zh: `第 ${line} 行，第 ${column} 列`, en: `line ${line}, column ${column}` }),
    nearest: { zh: "（文本中没有此项，定位到其上一级）", en: "(not in the text: its parent is shown)" },
    notFound: { zh: "无法在文本中定位", en: "Not found in the text" },

    lintTitle: { zh: "规则检查", en: "Lint" },
    lintNeedsRules: { zh: "规则集有效后显示检查结果", en: "Findings are shown once the rule set compiles" },
    noFindings: { zh: "未发现问题：0 项", en: "No findings: 0" },
    findings: (n, errors, warnings) => ({
      zh: `${n} 项发现：${errors} 个错误，${warnings} 个警告`,
      en: `${n} finding${n === 1 ? "" : "s"}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"}`,
    }),
    severity: {
      error: { zh: "错误", en: "Error" },
      warning: { zh: "警告", en: "Warning" },
      info: { zh: "提示", en: "Info" },
    },
    kinds: {
      gap: { zh: "遗漏", en: "Gap" },
      overlap: { zh: "重叠", en: "Overlap" },
      conflict: { zh: "冲突", en: "Conflict" },
      unreachable: { zh: "永不命中", en: "Unreachable" },
      subsumed: { zh: "被覆盖", en: "Subsumed" },
      priority_without_targets: { zh: "优先级没有时限", en: "Priority without targets" },
      calendar_too_short: { zh: "日历太短", en: "Calendar too short" },
    },
    witness: { zh: "示例工单", en: "Witness" },
    addCase: { zh: "添加为用例", en: "Add as case" },
    added: { zh: "已添加", en: "Added" },
    caseAdded: (name) => ({ zh: `已添加用例：${name}`, en: `Added the case: ${name}` }),
    casesNotJson: (message) => ({
      zh: `用例文件不是有效的 JSON，未添加：${message}`,
      en: `The case file is not valid JSON; nothing was added: ${message}`,
    }),
    casesNoArray: { zh: "用例文件应为含 cases 数组的对象，未添加", en: "The case file should be an object with a cases array; nothing was added" },

    casesTitle: { zh: "用例", en: "Cases" },
    runCases: { zh: "运行用例", en: "Run cases" },
    failuresOnly: { zh: "只看未通过", en: "Failures only" },
    needsRules: { zh: "请先修正规则集的问题", en: "Fix the rule set's problems first" },
    noCaseFile: { zh: "用例文件为空", en: "The case file is empty" },
    casesInvalid: { zh: "用例文件有误，未能运行", en: "The case file has a problem; no case ran" },
    stale: { zh: "文本已修改，结果可能已过时，请重新运行", en: "The text has changed since: run again for current results" },
    summary: {
      passed: { zh: "通过", en: "Passed" },
      failed: { zh: "未通过", en: "Failed" },
      coverage: { zh: "覆盖率", en: "Coverage" },
    },
    columns: {
      number: "#",
      name: { zh: "用例", en: "Case" },
      call: { zh: "调用", en: "Call" },
      result: { zh: "结果", en: "Result" },
      detail: { zh: "差异", en: "Differences" },
    },
    pass: { zh: "通过", en: "Pass" },
    fail: { zh: "未通过", en: "Fail" },
    mismatch: (path, expected, actual) => ({
      zh: `${path}：期望 ${expected}，实际 ${actual}`,
      en: `${path}: expected ${expected}, got ${actual}`,
    }),
    tableRows: (table) => ({ zh: `决策表 ${table} 的行`, en: `Rows of table ${table}` }),
    targets: { zh: "时限目标", en: "SLA targets" },
    items: { zh: "收费项目", en: "Fee items" },
    uncovered: { zh: "未覆盖：", en: "not covered:" },

    diffTitle: { zh: "与原版比较", en: "Diff against the original" },
    diffIntro: {
      zh: "原版为最近一次载入的规则集；比较两版规则集各自的示例工单（可加上用例文件中的工单），列出优先级、时限、状态或金额改变的工单",
      en: "The original is the rule set as last loaded; both versions' witness tickets (and optionally the case file's tickets) are compared, and tickets whose priority, deadline, state or total changes are listed",
    },
    diffRun: { zh: "与原版比较", en: "Compare with the original" },
    diffCases: { zh: "同时比较用例文件中的工单", en: "Also compare the case file's tickets" },
    diffCasesNotJson: { zh: "用例文件不是有效的 JSON，未比较其中的工单", en: "The case file is not valid JSON: its tickets were not compared" },
    casesChanged: (tickets, changed) => ({
      zh: `比较了用例文件中的 ${tickets} 张工单，其中 ${changed} 张结果改变`,
      en: `${tickets} tickets of the case file compared: ${changed} changed`,
    }),
    noOriginal: { zh: "尚未载入原版规则集", en: "No original rule set has been loaded" },
    originalInvalid: { zh: "原版规则集无法编译，不能比较", en: "The original rule set does not compile, so there is nothing to compare with" },
    noChanges: (tickets, same) => ({
      zh: `比较了 ${tickets} 张示例工单，结果都没有改变${same ? "（文本与原版相同）" : ""}`,
      en: `${tickets} witness tickets compared: none changes${same ? " (the text is the original)" : ""}`,
    }),
    changed: (tickets, changed) => ({
      zh: `比较了 ${tickets} 张示例工单，其中 ${changed} 张结果改变`,
      en: `${tickets} witness tickets compared: ${changed} changed`,
    }),
    witnessNumber: (n) => ({ zh: `示例工单 ${n}`, en: `Witness ${n}` }),
    ticketNumber: (n) => ({ zh: `工单 ${n}`, en: `Ticket ${n}` }),
    what: {
      priority: { zh: "优先级", en: "Priority" },
      deadline: { zh: "时限", en: "Deadline" },
      state: { zh: "状态", en: "State" },
      total: { zh: "金额", en: "Total" },
      error: { zh: "错误", en: "Error" },
    },
  },
};

const STORAGE_KEY = "slafee:lang";
export const LANGUAGES = ["zh-CN", "en"];
let current = "zh-CN";
const listeners = [];
/** Elements made by script and the entry each shows. */
const bound = new WeakMap();

export const language = () => current;
export const isEnglish = () => current === "en";

/** The entry at a dotted path of TEXT ("fees.add"), or undefined. */
export function lookup(path) {
  return path.split(".").reduce((node, key) => node?.[key], TEXT);
}

/** An entry as plain text in the current language (the Chinese where it has no English). */
export function pick(entry) {
  if (typeof entry === "string") return entry;
  return current === "en" ? entry.en ?? entry.zh : entry.zh;
}

/**
 * An entry as nodes: in Chinese, the Chinese then the English in a lang="en" span; in English,
 * the English alone (the Chinese, marked lang="zh-CN", where there is no English).
 */
export function label(entry) {
  if (typeof entry === "string") return [entry];
  const { zh, en } = entry;
  if (current === "en") {
    if (en) return [en];
    const span = document.createElement("span");
    span.lang = "zh-CN";
    span.textContent = zh;
    return [span];
  }
  if (!en) return [zh];
  const span = document.createElement("span");
  span.className = "en";
  span.lang = "en";
  span.textContent = en;
  return [zh, " ", span];
}

/** Replaces an element's content only when its text changes (live regions, alerts). */
export function setContent(element, nodes) {
  const text = nodes.map((node) => (typeof node === "string" ? node : node.textContent)).join("");
  if (element.textContent !== text) element.replaceChildren(...nodes);
}

/**
 * Shows an entry in an element (as label(), or with `plain` as pick() text) and keeps it there
 * across language changes; null clears it.
 */
export function bind(element, entry, { plain = false } = {}) {
  if (entry === null || entry === undefined) {
    bound.delete(element);
    delete element.dataset.i18nBound;
    element.replaceChildren();
    return;
  }
  bound.set(element, { entry, plain });
  element.dataset.i18nBound = "";
  render(element, entry, plain);
}

function render(element, entry, plain) {
  if (plain) {
    const text = pick(entry);
    if (element.textContent !== text) element.textContent = text;
  } else {
    setContent(element, label(entry));
  }
}

/** The entry an element's data-i18n* attribute names; a missing one is reported, not shown. */
function entryFor(path) {
  const entry = lookup(path);
  if (entry === undefined || typeof entry === "function") console.error(`i18n: no label "${path}"`);
  return entry;
}

function applyStatic(root = document) {
  for (const element of root.querySelectorAll("[data-i18n]")) {
    const entry = entryFor(element.dataset.i18n);
    if (entry) setContent(element, label(entry));
  }
  for (const element of root.querySelectorAll("[data-i18n-text]")) {
    const entry = entryFor(element.dataset.i18nText);
    if (entry && element.textContent !== pick(entry)) element.textContent = pick(entry);
  }
  for (const element of root.querySelectorAll("[data-i18n-placeholder]")) {
    const entry = entryFor(element.dataset.i18nPlaceholder);
    if (entry) element.placeholder = pick(entry);
  }
  for (const element of root.querySelectorAll("[data-i18n-aria-label]")) {
    const entry = entryFor(element.dataset.i18nAriaLabel);
    if (entry) element.setAttribute("aria-label", pick(entry));
  }
  for (const element of root.querySelectorAll("[data-i18n-bound]")) {
    const binding = bound.get(element);
    if (binding) render(element, binding.entry, binding.plain);
  }
  for (const button of root.querySelectorAll("button[data-lang]")) {
    button.setAttribute("aria-pressed", String(button.dataset.lang === current));
  }
  document.documentElement.lang = current;
  document.title = pick(TEXT.page.documentTitle);
}

/** Calls `listener(language)` after every change of language. */
export function onLanguageChange(listener) {
  listeners.push(listener);
}

/** Switches the page to `next` ("zh-CN" or "en") and remembers the choice. */
export function setLanguage(next) {
  if (!LANGUAGES.includes(next)) return;
  const changed = next !== current;
  current = next;
  try {
    localStorage.setItem(STORAGE_KEY, next);
  } catch {
    // Storage may be disabled; the choice then lasts for this page only.
  }
  applyStatic();
  if (changed) for (const listener of listeners) listener(current);
}

/** Applies the remembered language (Chinese by default) and wires the switch's buttons. */
export function initLanguage() {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (LANGUAGES.includes(saved)) current = saved;
  } catch {
    // As above: no storage, the default.
  }
  applyStatic();
  for (const button of document.querySelectorAll("button[data-lang]")) {
    button.addEventListener("click", () => setLanguage(button.dataset.lang));
  }
}
