package org.oodmonitor.inference.scoring;

import java.util.Locale;

/** The OOD scores computed from one row of logits; higher means more in-distribution. */
public enum ScoreKind {
    /** Minimum distance score: the largest logit (minus the smallest scaled distance). */
    MDS,
    /** Maximum softmax probability of the unscaled logits. */
    MSP,
    /** Entropic score: minus the entropy of the softmax of the unscaled logits. */
    ENTROPIC;

    /** The score's name in reports: {@code mds}, {@code msp}, {@code entropic}. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The score of one row of logits. */
    public double of(float[] logits) {
        return switch (this) {
            case MDS -> max(logits);
            case MSP -> maxProbability(logits);
            case ENTROPIC -> negativeEntropy(logits);
        };
    }

    /** Index of the largest logit: the predicted class. */
    public static int argMax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) {
            if (logits[i] > logits[best]) {
                best = i;
            }
        }
        return best;
    }

    private static double max(float[] logits) {
        return logits[argMax(logits)];
    }

    private static double[] softmax(float[] logits) {
        double max = max(logits);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int i = 0; i < logits.length; i++) {
            p[i] = Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] /= sum;
        }
        return p;
    }

    private static double maxProbability(float[] logits) {
        double[] p = softmax(logits);
        double best = 0;
        for (double v : p) {
            best = Math.max(best, v);
        }
        return best;
    }

    private static double negativeEntropy(float[] logits) {
        double sum = 0;
        for (double v : softmax(logits)) {
            if (v > 0) {
                sum += v * Math.log(v);
            }
        }
        return sum;
    }
}
