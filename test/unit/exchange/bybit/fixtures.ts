/** A Bybit payload from test/fixtures/bybit. */
export { bybitFixture as fixture } from '../../../support/bybit-shape.ts';
