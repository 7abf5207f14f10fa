// Test helpers: import from '../support' (or './support').
export * from './config';
export * from './enterprise';
export * from './ids';
export * from './temporal';
export * from './account-scene';
