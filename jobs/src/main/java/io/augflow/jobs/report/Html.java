package io.augflow.jobs.report;

import java.util.Locale;

/**
 * What augflow's HTML pages (the balancing report, the training report, the retrain report) share: escaping, the
 * number format of counts, and the base style, so the three pages read alike.
 */
public final class Html {
    private Html() {}

    /** Body, headings and tables; each page appends the rules of its own parts. */
    public static final String BASE_STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;\
            max-width:1100px;padding:16px 24px}
            h1{margin:0;font-size:24px}h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #ddd;padding-bottom:4px}
            """;

    /** HTML-escapes text for element content and double-quoted or single-quoted attributes. */
    public static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(ch);
            }
        }
        return b.toString();
    }

    /** A count with thousands separators: {@code 60,000}. */
    public static String count(long v) {
        return String.format(Locale.ROOT, "%,d", v);
    }
}
