package io.augflow.train.tune;

/** The standard normal distribution's CDF, which the JDK lacks. */
final class Normal {
    static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Normal() {}

    /** Φ(z), through erf. */
    static double cdf(double z) {
        return 0.5 * (1 + erf(z / Math.sqrt(2)));
    }

    /** erf by Abramowitz and Stegun 7.1.26: absolute error below 1.5e-7, ample for kernel masses. */
    static double erf(double x) {
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * a);
        double poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027
                + t * 1.061405429))));
        return sign * (1 - poly * Math.exp(-a * a));
    }
}
