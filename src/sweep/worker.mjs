// A worker thread runs plain Node: register the TypeScript loader, then the sweep's job loop.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
