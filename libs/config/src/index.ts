export * from './config';
export * from './oidc';
export * from './config.module';
export * from './environment';
export * from './logging';
export * from './bootstrap';
