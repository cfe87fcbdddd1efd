package io.augflow.jobs;

import io.augflow.train.spark.EpochListener;
import io.augflow.train.spark.EpochRecord;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on the console: one bar per epoch over its averaging rounds (with ETA and rate),
 * then a line with loss, validation figures and samples/s.
 */
final class ConsoleProgress implements EpochListener {
    private ProgressBar bar;
    private long samples;

    @Override
    public void epochStarted(int epoch, int epochs, long samples, int rounds) {
        this.samples = samples;
        bar = new ProgressBarBuilder()
                .setTaskName(String.format("epoch %d/%d (%,d samples)", epoch + 1, epochs, samples))
                .setInitialMax(rounds)
                .setUnit(" rounds", 1)
                .setStyle(ProgressBarStyle.ASCII)
                .setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(System.err))
                .showSpeed()
                .build();
    }

    @Override
    public void roundFinished(int epoch) {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void epochFinished(EpochRecord r) {
        if (bar != null) {
            bar.close();
            bar = null;
        }
        String validation = r.validation() == null ? "" : String.format(", val accuracy %.4f, val macro-F1 %.4f",
                r.validation().accuracy(), r.validation().macroF1());
        if (r.detection() != null) {
            validation = String.format(", val AP %.4f, AP50 %.4f, AP_small %.4f", r.detection().ap(),
                    r.detection().ap50(), r.detection().apSmall());
        }
        System.out.printf("epoch %d: loss %.4f%s, %,d samples in %.1f s (%.0f samples/s)%n", r.epoch() + 1, r.loss(),
                validation, samples, r.seconds(), r.samplesPerSecond());
    }
}
