#!/usr/bin/env node
// kiosk-sim's executable: runs the TypeScript CLI through tsx (a runtime dependency).
import { register } from 'tsx/esm/api';
register();
await import('./main.ts');
