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
    /** A detector's COCO AP@[.5:.95] on the holdout (the retrain job records it as {@code ap}). */
    static final String[] AP = {"ap"};

    @Override
    int run(ModelRegistry registry, PrintWriter out) {
        List<ModelVersion> versions = registry.list();
        List<Integer> incomplete = registry.incomplete();
        String champion = versions.stream().filter(ModelVersion::champion).map(ModelVersion::label).findFirst()
                .orElse("none");
        out.println("model registry " + registry.root() + ": " + versions.size() + " versions, champion " + champion);
        if (!versions.isEmpty()) {
            // columns only some registries need: MACRO_F1 for classifiers, AP for detectors
            List<String[]> optional = java.util.stream.Stream.of(MACRO_F1, AP)
                    .filter(names -> versions.stream()
                            .anyMatch(v -> VersionText.metric(v.metadata().metrics(), names).isPresent()))
                    .toList();
            List<String> header = new java.util.ArrayList<>(List.of("", "VERSION", "CREATED", "TRAINED-FROM",
                    "PARENT", ">ROWS", ">ACCURACY"));
            optional.forEach(names -> header.add(">" + names[0].toUpperCase(java.util.Locale.ROOT)));
            header.add("NOTE");
            TextTable table = new TextTable(header.toArray(String[]::new));
            for (ModelVersion v : versions) {
                table.row(cells(v, optional));
            }
            table.lines().forEach(out::println);
        }
        if (!incomplete.isEmpty()) {
            out.println("incomplete (registration did not finish; ignored): "
                    + incomplete.stream().map(ModelVersion::label).collect(Collectors.joining(", ")));
        }
        return 0;
    }

    private static String[] cells(ModelVersion v, List<String[]> optional) {
        VersionMetadata m = v.metadata();
        String accuracy = VersionText.metric(m.metrics(), "accuracy").map(VersionText::number).orElse("-");
        String parent = m.parentVersion() == null ? "-" : ModelVersion.label(m.parentVersion());
        List<String> cells = new java.util.ArrayList<>(List.of(v.champion() ? "*" : "", v.label(),
                VersionText.time(m.created()), m.trainedFrom(), parent, VersionText.count(m.dataset().rows()), accuracy));
        optional.forEach(names -> cells.add(VersionText.metric(m.metrics(), names).map(VersionText::number)
                .orElse("-")));
        cells.add(firstLine(m.note()));
        return cells.toArray(String[]::new);
    }

    private static String firstLine(String note) {
        return note.lines().findFirst().orElse("");
    }
}
