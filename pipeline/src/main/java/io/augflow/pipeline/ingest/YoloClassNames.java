package io.augflow.pipeline.ingest;

import io.augflow.augment.DataException;
import java.util.ArrayList;
import java.util.List;

/**
 * Class names of a YOLO dataset from {@code classes.txt} (one per line) or the {@code names:} entry of
 * {@code data.yaml}, in its three usual shapes: an inline list {@code [a, b]}, a block list ({@code - a}) or a
 * block map ({@code 0: a}). A deliberately small parser (no YAML library is on the class path), not a YAML one.
 */
final class YoloClassNames {
    private YoloClassNames() {}

    static List<String> fromClassesTxt(String text) {
        return text.lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    static List<String> fromDataYaml(String yaml, String where) {
        List<String> lines = yaml.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String line = stripComment(lines.get(i));
            if (!line.startsWith("names:")) {
                continue;
            }
            String rest = line.substring("names:".length()).trim();
            if (rest.startsWith("[")) {
                if (!rest.endsWith("]")) {
                    throw new DataException(where + ": names: [ ... ] must be on one line");
                }
                List<String> names = new ArrayList<>();
                for (String n : rest.substring(1, rest.length() - 1).split(",")) {
                    if (!n.isBlank()) {
                        names.add(unquote(n.trim()));
                    }
                }
                return names;
            }
            List<String> names = new ArrayList<>();
            for (int j = i + 1; j < lines.size(); j++) {
                String raw = stripComment(lines.get(j));
                if (raw.isBlank()) {
                    continue;
                }
                if (!Character.isWhitespace(raw.charAt(0)) && !raw.startsWith("-")) {
                    break; // the next top-level key
                }
                String item = raw.trim();
                if (item.startsWith("- ")) {
                    names.add(unquote(item.substring(2).trim()));
                } else if (item.matches("\\d+\\s*:.*")) {
                    int index = Integer.parseInt(item.substring(0, item.indexOf(':')).trim());
                    if (index != names.size()) {
                        throw new DataException(where + ": names must be numbered 0, 1, 2, ... in order, found "
                                + index + " at position " + names.size());
                    }
                    names.add(unquote(item.substring(item.indexOf(':') + 1).trim()));
                } else {
                    throw new DataException(where + ": cannot read names entry '" + item + "'");
                }
            }
            return names;
        }
        throw new DataException(where + " has no names: entry");
    }

    private static String stripComment(String line) {
        int hash = line.indexOf(" #");
        return (hash >= 0 ? line.substring(0, hash) : line).stripTrailing();
    }

    private static String unquote(String s) {
        if (s.length() >= 2 && (s.startsWith("'") && s.endsWith("'") || s.startsWith("\"") && s.endsWith("\""))) {
            return s.substring(1, s.length() - 1);
        }
        return s;
    }
}
