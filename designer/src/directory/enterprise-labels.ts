/** The directory's labels, from the domain's own definitions. */
export { STATUS_LABELS as ENTERPRISE_STATUS_LABELS } from "../../../processes/directory/directory-schemas.js";

/** What a history row says the record's fields are called. */
export const ENTERPRISE_FIELD_LABELS: Record<string, string> = {
  creditCode: "统一社会信用代码",
  name: "企业名称",
  industry: "行业",
  village: "村(社区)",
  address: "地址",
  scale: "规模",
  highRisk: "高危行业",
  principal: "主要负责人",
  controller: "实际控制人",
  safetyManager: "安全管理人员",
  status: "经营状态",
};

/** What a history row says was done to the record. */
export const DIRECTORY_ACTION_LABELS: Record<string, string> = {
  create: "建档",
  update: "修改",
  import: "导入",
  link: "关联用户",
  unlink: "解除关联",
};
