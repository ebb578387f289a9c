export * from './audit-leaf';
export * from './canonical-json';
export * from './checkpoint';
export * from './log-verifier';
export * from './merkle';
export * from './proof-check';
