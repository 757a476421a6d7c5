/** Entry point of the `preau` command (bundled to dist/main/cli.js). */
import { main } from './index';

void main(process.argv).then((code) => {
  process.exitCode = code;
});
