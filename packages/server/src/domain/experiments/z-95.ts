/** The two-sided 95 % normal quantile used by every interval here (normal approximation). */
export const Z_95 = 1.959963984540054;
