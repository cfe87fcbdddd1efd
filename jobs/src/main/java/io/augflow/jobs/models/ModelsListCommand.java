package io.augflow.jobs.models;

import io.augflow.train.registry.ModelRegistry;
import io.augflow.train.registry.ModelVersion;
import io.augflow.train.registry.VersionMetadata;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;

/**
 * {@code augflow models list}: one line per complete version, oldest first, the champion marked {@code *};
 * then the incomplete ones (registrations that did not finish), which are otherwise ignored.
 */
@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the registry's versions: created, lineage, dataset rows, test metrics; * = champion.")
public final class ModelsListCommand extends RegistryCommand {
    static final String[] MACRO_F1 = {"macro_f1", "macroF1"};

    @Override
    int run(ModelRegistry registry, PrintWriter out) {
        List<ModelVersion> versions = registry.list();
        List<Integer> incomplete = registry.incomplete();
        String champion = versions.stream().filter(ModelVersion::champion).map(ModelVersion::label).findFirst()
                .orElse("none");
        out.println("model registry " + registry.root() + ": " + versions.size() + " versions, champion " + champion);
        if (!versions.isEmpty()) {
            boolean anyMacroF1 = versions.stream()
                    .anyMatch(v -> VersionText.metric(v.metadata().metrics(), MACRO_F1).isPresent());
            TextTable table = anyMacroF1
                    ? new TextTable("", "VERSION", "CREATED", "TRAINED-FROM", "PARENT", ">ROWS", ">ACCURACY",
                            ">MACRO_F1", "NOTE")
                    : new TextTable("", "VERSION", "CREATED", "TRAINED-FROM", "PARENT", ">ROWS", ">ACCURACY", "NOTE");
            for (ModelVersion v : versions) {
                table.row(cells(v, anyMacroF1));
            }
            table.lines().forEach(out::println);
        }
        if (!incomplete.isEmpty()) {
            out.println("incomplete (registration did not finish; ignored): "
                    + incomplete.stream().map(ModelVersion::label).collect(Collectors.joining(", ")));
        }
        return 0;
    }

    private static String[] cells(ModelVersion v, boolean macroF1Column) {
        VersionMetadata m = v.metadata();
        String accuracy = VersionText.metric(m.metrics(), "accuracy").map(VersionText::number).orElse("-");
        String macroF1 = VersionText.metric(m.metrics(), MACRO_F1).map(VersionText::number).orElse("-");
        String parent = m.parentVersion() == null ? "-" : ModelVersion.label(m.parentVersion());
        String[] common = {v.champion() ? "*" : "", v.label(), VersionText.time(m.created()), m.trainedFrom(), parent,
            VersionText.count(m.dataset().rows()), accuracy};
        return macroF1Column
                ? concat(common, macroF1, firstLine(m.note()))
                : concat(common, firstLine(m.note()));
    }

    private static String firstLine(String note) {
        return note.lines().findFirst().orElse("");
    }

    private static String[] concat(String[] head, String... tail) {
        String[] all = java.util.Arrays.copyOf(head, head.length + tail.length);
        System.arraycopy(tail, 0, all, head.length, tail.length);
        return all;
    }
}
