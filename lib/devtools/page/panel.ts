// The browser bundle of the page `devtoolsHandler` serves (built to
// dist/devtools/panel.js): registers <task-tracker-devtools>, whose `source`
// attribute the page sets.
import { defineTaskTrackerDevtools } from '../defineTaskTrackerDevtools.js';

defineTaskTrackerDevtools();
