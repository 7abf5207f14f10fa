/** The words of this screen (keys start with 'webhooks.'): English, and 简体中文 with the same keys. */
export const en = {
  'webhooks.title': 'Webhooks',
} as const;

export const zhCN: Record<keyof typeof en, string> = {
  'webhooks.title': 'Webhook 推送',
};
