package io.augflow.jobs.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StudySpecTest {
    private static final Config SPACE = ConfigFactory.parseString(
            "\"augflow.optimizer.learning-rate\" { log-uniform = [1e-4, 1e-1] }");
    private static final String ROOT = "seed = 3, train { epochs = 2 }, optimizer { type = adam }";

    @TempDir
    Path dir;

    private static StudySpec spec(String dataset, Config space, String tune, String root) {
        Config r = ConfigFactory.parseString(tune).withFallback(ConfigFactory.parseString(root)).resolve();
        return StudySpec.of(dataset, space, TuneConf.fromRoot(r), r);
    }

    @Test
    void theSameStudyIsAcceptedAgainAndTheFileIsWrittenOnce() throws Exception {
        StudySpec first = spec("data", SPACE, "tune.strategy = tpe", ROOT);
        first.saveOrCheck(dir);
        String written = Files.readString(dir.resolve(StudySpec.FILE));
        // a resumed run may ask for more trials, more at once, another budget: the same study
        spec("data", SPACE, "tune { strategy = tpe, trials = 50, parallel = 4, epoch-budget = 9 }", ROOT)
                .saveOrCheck(dir);
        assertEquals(written, Files.readString(dir.resolve(StudySpec.FILE)));
        assertEquals(first, StudySpec.read(dir.resolve(StudySpec.FILE)));
    }

    @Test
    void aChangedSpecIsRefusedSayingWhatChanged() {
        spec("data", SPACE, "tune.strategy = tpe", ROOT).saveOrCheck(dir);
        Config otherSpace = ConfigFactory.parseString(
                "\"augflow.optimizer.learning-rate\" { log-uniform = [1e-5, 1e-1] }");
        String m = assertThrows(IllegalArgumentException.class, () -> spec("other", otherSpace,
                "tune { strategy = random, seed = 8 }", "seed = 3, train { epochs = 4 }, optimizer { type = adam }")
                .saveOrCheck(dir)).getMessage();
        assertTrue(m.startsWith("the study folder " + dir + " holds another study (8 changes since its first run: "),
                m);
        for (String change : List.of("dataset: data -> other", "augflow.tune.seed: 3 -> 8",
                "tune.strategy: tpe -> random",
                "tune.tpe.gamma: 0.1 -> (unset)",
                "space \"augflow.optimizer.learning-rate\".log-uniform: [1.0E-4,0.1] -> [1.0E-5,0.1]", "augflow.train.epochs: 2 -> 4")) {
            assertTrue(m.contains(change), change + " in " + m);
        }
        assertTrue(m.endsWith("give this search another study folder (-o)"), m);
    }
}
