/**
 * Before the end-to-end suite: with Chromium, builds the app once (the suite drives the built browser
 * host); without it, nothing to build — the suite is skipped and the run says why at its end, unless
 * REQUIRE_E2E=1 (CI), which makes it one failure here.
 */
import { buildAppOnce } from '../helpers/build-app';
import { CHROMIUM_HINT, chromiumRequired, lookUpChromium } from '../helpers/machine';

export default function setup(): void {
  const { missing } = lookUpChromium();
  if (missing) {
    if (chromiumRequired()) throw new Error(`END-TO-END TESTS CANNOT RUN: ${missing}. ${CHROMIUM_HINT}`);
    return;
  }
  buildAppOnce();
}
