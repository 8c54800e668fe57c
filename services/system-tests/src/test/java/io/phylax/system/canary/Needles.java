package io.phylax.system.canary;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.phylax.system.SyntheticPhi;

/**
 * What the sweep looks for in text and bytes: this run's canary, or any canary at all, and how a hit is shown
 * without showing the canary or the synthetic PHI around it.
 *
 * <p>The run's canary is found in any letter case (the vault lower-cases e-mail addresses before hashing them,
 * and a leak might too) and base64-encoded at each of the three byte alignments (a leak through a bytes field of
 * a JSON or protobuf message).
 */
final class Needles {

    /** One form of the canary: its bytes, and whether letter case is ignored when matching them. */
    record Needle(String form, String text, boolean ignoreCase) {}

    /** Where a needle matched in a haystack: the offset and which form matched. */
    record Match(int offset, Needle needle) {}

    // A canary and the field label the sweep's fixtures append to it (-Family, -UrlMrn, ...): labels are not PHI.
    private static final Pattern ANY_CANARY =
            Pattern.compile("(?i)" + SyntheticPhi.CANARY_PREFIX + "[0-9a-f]{8}(-[A-Za-z][A-Za-z0-9]*)?");
    // Key names stay readable; without digits, so the cut-off tail of a canary never passes for one.
    private static final Pattern KEY = Pattern.compile("(?<![A-Za-z0-9])[A-Za-z_][A-Za-z_.-]*(?=\"?\\s*[:=])");
    private static final int CONTEXT = 32;

    private final String description;
    private final List<Needle> needles;

    private Needles(String description, List<Needle> needles) {
        this.description = description;
        this.needles = List.copyOf(needles);
    }

    /** This run's canary, as text in any case and as base64. */
    static Needles runCanary(String canary) {
        List<Needle> needles = new ArrayList<>();
        needles.add(new Needle("text", canary, true));
        for (String variant : List.of(canary, canary.toLowerCase(Locale.ROOT))) {
            for (int shift = 0; shift < 3; shift++) {
                // Only the characters that depend on the canary's own bytes, whatever precedes it.
                String aligned = variant.substring(shift, shift + (variant.length() - shift) / 3 * 3);
                String encoded = Base64.getEncoder()
                        .withoutPadding()
                        .encodeToString(aligned.getBytes(StandardCharsets.US_ASCII));
                needles.add(new Needle("base64", encoded, false));
            }
        }
        return new Needles("this run's canary", needles);
    }

    /** Every canary of every test ({@code CANARY-PHI-}): for places that no synthetic PHI may ever reach. */
    static Needles anyCanary() {
        return new Needles(
                "any canary (" + SyntheticPhi.CANARY_PREFIX + ")",
                List.of(new Needle("text", SyntheticPhi.CANARY_PREFIX, true)));
    }

    String description() {
        return description;
    }

    List<Needle> all() {
        return needles;
    }

    /** Every match in {@code haystack}, in order; bytes are read one to one as ISO-8859-1 characters. */
    List<Match> find(byte[] haystack) {
        return find(new String(haystack, StandardCharsets.ISO_8859_1));
    }

    List<Match> find(String haystack) {
        List<Match> matches = new ArrayList<>();
        String lower = null;
        for (Needle needle : needles) {
            String in = haystack;
            String what = needle.text();
            if (needle.ignoreCase()) {
                lower = lower == null ? haystack.toLowerCase(Locale.ROOT) : lower;
                in = lower;
                what = what.toLowerCase(Locale.ROOT);
            }
            for (int at = in.indexOf(what); at >= 0; at = in.indexOf(what, at + 1)) {
                matches.add(new Match(at, needle));
            }
        }
        matches.sort((a, b) -> Integer.compare(a.offset(), b.offset()));
        return matches;
    }

    /**
     * The text around a match with the canary replaced by a marker that keeps its field label
     * ({@code «canary»-Family}), every other letter and digit masked except key names ({@code "family":},
     * {@code identifier=}), and anything unprintable shown as a dot.
     */
    static String excerpt(String haystack, Match match) {
        int from = Math.max(0, match.offset() - CONTEXT);
        int to = Math.min(
                haystack.length(), match.offset() + match.needle().text().length() + CONTEXT);
        // The markers below are control characters: take any the haystack itself holds (bytes of a binary value).
        String window = haystack.substring(from, to).replaceAll("[\u0000-\u0002]", ".");
        if (match.needle().form().equals("base64")) {
            window = window.replace(match.needle().text(), "\u0002");
        }
        List<String> labels = new ArrayList<>();
        Matcher canaries = ANY_CANARY.matcher(window);
        StringBuilder replaced = new StringBuilder();
        while (canaries.find()) {
            labels.add(canaries.group(1) == null ? "" : canaries.group(1));
            canaries.appendReplacement(replaced, "\u0000");
        }
        window = canaries.appendTail(replaced).toString();
        // A canary cut by the window's edge would survive the replacement: mask what is left of it.
        window = window.replaceAll("(?i)" + SyntheticPhi.CANARY_PREFIX, "\u0001");
        StringBuilder out = new StringBuilder();
        Matcher keys = KEY.matcher(window);
        int last = 0;
        while (keys.find()) {
            out.append(mask(window.substring(last, keys.start()))).append(keys.group());
            last = keys.end();
        }
        out.append(mask(window.substring(last)));
        String masked = out.toString().replace("\u0001", "«canary»");
        StringBuilder shown = new StringBuilder(from > 0 ? "…" : "");
        int label = 0;
        for (char c : masked.toCharArray()) {
            if (c == 0) {
                shown.append("«canary»").append(labels.get(label++));
            } else if (c == 2) {
                shown.append("«canary:base64»");
            } else {
                shown.append(c);
            }
        }
        return shown.append(to < haystack.length() ? "…" : "").toString();
    }

    private static String mask(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == 0 || c == 1 || c == 2) {
                out.append(c);
            } else if (Character.isDigit(c)) {
                out.append('#');
            } else if (Character.isLetter(c)) {
                out.append('x');
            } else if (c < 0x20 || c > 0x7e) {
                out.append('.');
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
