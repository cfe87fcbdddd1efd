package io.augflow.jobs.models;

import io.augflow.train.ensemble.EnsembleMember;
import io.augflow.train.ensemble.EnsembleModel;
import io.augflow.train.predict.ModelLocator;
import io.augflow.train.registry.DatasetSnapshot;
import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.registry.VersionMetadata;
import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code augflow models show V}: everything {@code version.json} records about one version. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = "Show one version: lineage, config hash, seed, metrics, and its dataset (rows per class,"
                + " ingested files).")
public final class ModelsShowCommand extends RegistryCommand {
    @Parameters(index = "0", paramLabel = "VERSION", converter = VersionConverter.class,
            description = "The version: 3, v3 or v0003.")
    int version;

    @Override
    int run(ModelRegistry registry, PrintWriter out) {
        ModelVersion v = registry.get(version);
        VersionMetadata m = v.metadata();
        DatasetSnapshot d = m.dataset();
        out.println(v.label() + (v.champion() ? "  (champion)" : ""));
        field(out, "  ", "path", v.path());
        String model = registry.modelPath(version);
        field(out, "  ", "model", model);
        if (ModelLocator.isEnsemble(model)) {
            printMembers(out, EnsembleModel.read(model, hadoop));
        }
        field(out, "  ", "created", VersionText.time(m.created()));
        field(out, "  ", "trained from", m.trainedFrom());
        field(out, "  ", "parent", VersionText.label(m.parentVersion()));
        field(out, "  ", "config hash", m.configHash());
        field(out, "  ", "seed", Long.toString(m.seed()));
        if (!m.note().isEmpty()) {
            field(out, "  ", "note", m.note());
        }
        out.println("  metrics:" + (m.metrics().isEmpty() ? " none" : ""));
        TextTable metrics = new TextTable("    NAME", ">VALUE");
        m.metrics().forEach((name, value) -> metrics.row("    " + name, VersionText.number(value)));
        if (!m.metrics().isEmpty()) {
            metrics.lines().stream().skip(1).forEach(out::println);
        }
        out.println("  dataset:");
        field(out, "    ", "path", d.path());
        field(out, "    ", "rows", VersionText.count(d.rows()));
        field(out, "    ", "ingested files", VersionText.count(d.ingestedFiles().size()));
        out.println("    rows by class:" + (d.rowsByClass().isEmpty() ? " unknown" : ""));
        TextTable classes = new TextTable("      CLASS", ">ROWS");
        for (Map.Entry<String, Long> e : d.rowsByClass().entrySet()) {
            classes.row("      " + e.getKey(), VersionText.count(e.getValue()));
        }
        if (!d.rowsByClass().isEmpty()) {
            classes.lines().stream().skip(1).forEach(out::println);
        }
        return 0;
    }

    /** An ensemble's combiner and members: name, weight, where it was copied from. */
    private static void printMembers(PrintWriter out, EnsembleModel ensemble) {
        field(out, "  ", "ensemble", ensemble.method().key() + " of " + ensemble.members().size() + " members");
        double[] weights = ensemble.memberWeights();
        TextTable members = new TextTable("    MEMBER", ">WEIGHT", "ORIGIN");
        for (int m = 0; m < ensemble.members().size(); m++) {
            EnsembleMember e = ensemble.members().get(m);
            members.row("    " + e.name(), VersionText.number(weights[m]), e.origin());
        }
        out.println("  members:");
        members.lines().stream().skip(1).forEach(out::println);
    }

    private static void field(PrintWriter out, String indent, String name, String value) {
        String label = indent + String.format("%-16s", name + ":");
        out.println(label + value.replace("\n", "\n" + " ".repeat(label.length())));
    }
}
