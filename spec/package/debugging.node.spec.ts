// util.inspect views and stack frames of the installed package's objects, from both
// builds (spec/helpers/inspectViews.ts): what a user's console.log shows.
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describeViews, type Core } from '../helpers/inspectViews.js';
import { installedPackage } from './packed.js';

const built = async (file: string) => path.join(await installedPackage(), 'node_modules/rx-task-tracker', file);

describeViews('the installed package, ESM', async () => (await import(pathToFileURL(await built('dist/esm/index.js')).href)) as Core);
describeViews('the installed package, CommonJS', async () => createRequire(__filename)(await built('dist/cjs/index.js')) as Core);
