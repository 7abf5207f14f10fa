// Every workflow the uam worker runs. Add one export line per workflow module.
export * from './smoke';
export * from './month-end-close';
export * from './credit-application';
export * from './enterprise-credit';
export * from './transfer';
export * from './withdrawal';
export * from './batch-transfer';
export * from './funding';
