package io.augflow.jobs.report;

/**
 * The self-check every augflow HTML page carries, so a browser (and the headless-Chromium tests) can tell a page
 * that shows what its embedded JSON says from one that does not: script errors are caught from the first line of
 * the head, and on load the page's own checks run and leave {@code ok} or the mismatches in {@code #check}, the
 * caught errors in {@code #errors}. Each page writes only its checks: statements that push a message onto
 * {@code bad} for every mismatch.
 */
public final class PageCheck {
    private PageCheck() {}

    /** For the head, before any other script: collects script errors into {@code window.reportErrors}. */
    public static final String ERROR_CATCHER = "<script>window.reportErrors=[];window.addEventListener('error',"
            + "function(e){window.reportErrors.push(String(e.message));});</script>";

    /** For the end of the body, before the check script: where the check writes its verdict and the errors. */
    public static final String FOOTER =
            "<footer><div id=\"check\" data-check=\"pending\">pending</div><div id=\"errors\"></div></footer>\n";

    /**
     * The load handler around a page's checks (JavaScript statements filling the array {@code bad}); a check that
     * throws is reported as a mismatch, not lost.
     */
    public static String onLoad(String checks) {
        return """
                window.addEventListener('load', function () {
                  var bad = [];
                  try {
                """ + checks.indent(4) + """
                  } catch (e) {
                    bad.push('check failed: ' + e);
                  }
                  var check = document.getElementById('check');
                  check.dataset.check = bad.length ? 'mismatch' : 'ok';
                  check.textContent = bad.length ? bad.join('\\n') : 'ok';
                  document.getElementById('errors').textContent = window.reportErrors.join('\\n');
                });
                """;
    }
}
