/**
 * The built command's entry (`out/main/cli.js`): what `bin/riskatlas.mjs` loads in an installed
 * package, and what runs the CLI from a packaged app's files. It only runs `main`; the commands
 * themselves are in `./index.ts`.
 */
import { main } from './index';

process.exitCode = await main(process.argv.slice(2));
