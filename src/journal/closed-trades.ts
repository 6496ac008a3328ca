/**
 * The one definition of a trade's funding: everything booked on the position of the row aliased
 * `alias` (credits positive, payments negative). Net PnL of a closed trade = gross − fees + this.
 */
export const positionFundingSql = (alias: string): string =>
  `COALESCE((SELECT SUM(f.amount_usdt) FROM funding_payments f WHERE f.position_id = ${alias}.position_id), 0)`;

/** Closed trades with their open and funding: `c` the close, `o` the open, `funding` the total. */
export const CLOSED_TRADES_SQL = `SELECT c.*, o.symbol, o.side, o.entry_price, ${positionFundingSql('c')} AS funding
  FROM position_closes c JOIN position_opens o ON o.position_id = c.position_id`;
