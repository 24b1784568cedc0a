// `npm run size [-- --modules]`: bundle sizes of the budgeted apps (bench/size/).
import { main } from './size/report.js';

await main(process.argv.slice(2));
