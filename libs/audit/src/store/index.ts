export * from './audit-rows';
export * from './checkpoint-store';
export * from './proof';
export * from './sealer';
export * from './sql-runner';
export * from './verify';
export * from './subtrees';
export * from './checkpoint-witness';
