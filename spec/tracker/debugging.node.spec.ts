// util.inspect views and stack frames of lib/'s objects (spec/helpers/inspectViews.ts).
import * as lib from '../../lib/index.js';
import { describeViews } from '../helpers/inspectViews.js';

describeViews('lib/', () => Promise.resolve(lib));
