export * from './config';
export * from './config.module';
export * from './environment';
export * from './logging';
export * from './bootstrap';
