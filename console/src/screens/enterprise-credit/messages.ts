/** The words of this screen (keys start with 'enterpriseCredit.'): English, and 简体中文 with the same keys. */
export const en = {
  'enterpriseCredit.title': 'Enterprise credit',
  'enterpriseCredit.figures': 'Credit quota',
  'enterpriseCredit.total': 'Total credit quota',
  'enterpriseCredit.parts': 'Public cloud {publicCloud} + hybrid cloud {hybridCloud}',
  'enterpriseCredit.assigned': 'Assigned to members',
  'enterpriseCredit.available': 'Available to assign',
  'enterpriseCredit.split': 'Split among members',
  'enterpriseCredit.unassigned': 'Not assigned',
  'enterpriseCredit.noMembers': 'No member holds a credit limit yet.',
  'enterpriseCredit.history': 'Credit change records',
  'enterpriseCredit.noHistory': 'The total credit quota has not changed yet.',
  'enterpriseCredit.change': 'Total credit quota',
  'enterpriseCredit.by': 'By {who}, {when}',
  'enterpriseCredit.fromApplication': 'Credit application',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'enterpriseCredit.title': '企业信控',
  'enterpriseCredit.figures': '信用额度',
  'enterpriseCredit.total': '总信用额度',
  'enterpriseCredit.parts': '公有云 {publicCloud} + 混合云 {hybridCloud}',
  'enterpriseCredit.assigned': '已分配给成员',
  'enterpriseCredit.available': '可分配额度',
  'enterpriseCredit.split': '成员分配情况',
  'enterpriseCredit.unassigned': '未分配',
  'enterpriseCredit.noMembers': '还没有成员分配到信用额度。',
  'enterpriseCredit.history': '信用额度变更记录',
  'enterpriseCredit.noHistory': '总信用额度尚无变更。',
  'enterpriseCredit.change': '总信用额度',
  'enterpriseCredit.by': '操作人 {who}，{when}',
  'enterpriseCredit.fromApplication': '信控申请',
};
