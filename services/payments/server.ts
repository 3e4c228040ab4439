import { runService } from '../shared/run-service.js';
import { buildApp } from './app.js';

await runService((config) => buildApp(config));
