export * from './audit-event-types';
export * from './audit-event';
export * from './audit.writer';
export * from './core';
export * from './store';
