export * from './errors.ts';
export * from './view.ts';
export * from './admin.ts';
export * from './calls.ts';
export * from './envelope.ts';
export * from './dispatch.ts';
export * from './bridge.ts';
export * from './names.ts';
