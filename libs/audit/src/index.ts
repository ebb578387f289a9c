export * from './audit-event';
export * from './audit.writer';
