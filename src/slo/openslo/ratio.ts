/**
 * Faultline writes objectives in percent (99.9), OpenSLO targets are ratios (0.999). Dividing by 100
 * gives 0.9990000000000001; moving the decimal point in the number's shortest decimal form gives
 * 0.999, and back again 99.9, so files read as people wrote them and round trips are exact.
 */
export function percentToRatio(percent: number): number {
  return shiftDecimal(percent, -2);
}

export function ratioToPercent(ratio: number): number {
  return shiftDecimal(ratio, 2);
}

function shiftDecimal(value: number, places: number): number {
  const [mantissa, exponent = '0'] = String(value).split('e');
  return Number(`${mantissa}e${Number(exponent) + places}`);
}
