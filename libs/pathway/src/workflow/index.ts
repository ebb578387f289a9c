export * from './board-workflow';
export * from './case-readiness';
export * from './recorded-events';
export * from './workflows';
