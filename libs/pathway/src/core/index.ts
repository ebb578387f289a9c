export * from './citation';
export * from './dates';
export * from './findings';
export * from './milestones';
export * from './registry';
export * from './validation';
