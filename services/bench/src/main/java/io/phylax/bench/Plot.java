package io.phylax.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import javax.imageio.ImageIO;

/**
 * Throughput against concurrency as a PNG, drawn with Java2D (headless) so the plot needs no library: one panel
 * for the write path, one for the read path, each with the vault, the vault with encryption off, pgbench and
 * (when run) the peer, for the small Patient and the clinic's.
 */
final class Plot {

    private static final int PANEL_W = 560;
    private static final int H = 532;
    private static final int MARGIN = 60;
    private static final Map<String, Color> COLORS = Map.of(
            "vault", new Color(0x1f77b4),
            "vault-off", new Color(0xff7f0e),
            "pg", new Color(0x2ca02c),
            "peer", new Color(0xd62728),
            "vault-clinic", new Color(0x9467bd),
            "pg-clinic", new Color(0x8c564b),
            "peer-clinic", new Color(0xe377c2));

    private Plot() {}

    static void write(List<PointResult> points, Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage image = new BufferedImage(2 * PANEL_W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), H);
        panel(g, points, "write", "creates/s (vault) vs insert transactions/s (pgbench)", 0);
        panel(g, points, "read", "reads/s (vault) vs primary-key SELECTs/s (pgbench)", PANEL_W);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, List<PointResult> points, String path, String title, int x0) {
        List<PointResult> mine = points.stream()
                .filter(p ->
                        p.series().endsWith("-" + path) || p.series().endsWith("-" + BenchPatient.CLINIC.series(path)))
                .toList();
        TreeSet<Integer> xs = new TreeSet<>();
        mine.forEach(p -> xs.add(p.concurrency()));
        // Log scale: the vault and pgbench differ by orders of magnitude; on a linear axis one line is flat.
        double maxY = mine.stream().mapToDouble(PointResult::perSecond).max().orElse(10);
        double minY = mine.stream()
                .mapToDouble(PointResult::perSecond)
                .filter(v -> v > 0)
                .min()
                .orElse(1);
        int lowDecade = (int) Math.floor(Math.log10(Math.max(minY, 0.1)));
        int highDecade = Math.max(lowDecade + 1, (int) Math.ceil(Math.log10(Math.max(maxY, 1))));
        int left = x0 + MARGIN;
        int right = x0 + PANEL_W - 20;
        int top = 62;
        // Room under the axis for the labels and a legend of up to seven series.
        int bottom = H - 146;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(path + " path", left, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        g.drawString(title, left, 36);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
        for (int d = lowDecade; d <= highDecade; d++) {
            int y = yPos(Math.pow(10, d), lowDecade, highDecade, top, bottom);
            g.setColor(new Color(0xdddddd));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.BLACK);
            g.drawString(
                    d >= 0 ? String.format("%,.0f", Math.pow(10, d)) : String.valueOf(Math.pow(10, d)), x0 + 5, y + 4);
        }
        g.drawString("per second (log scale)", x0 + 5, top - 6);
        List<Integer> xList = List.copyOf(xs);
        for (int i = 0; i < xList.size(); i++) {
            g.drawString("c=" + xList.get(i), xPos(i, xList.size(), left, right) - 10, bottom + 18);
        }
        g.drawString("concurrency (clients)", (left + right) / 2 - 50, bottom + 36);
        int legend = 0;
        for (String key : List.of("vault", "vault-clinic", "vault-off", "pg", "pg-clinic", "peer", "peer-clinic")) {
            BenchPatient patient = BenchPatient.of(key);
            String who = key.replace(BenchPatient.CLINIC.series(""), "");
            List<PointResult> series = mine.stream()
                    .filter(p -> p.series().equals(patient.series(who + "-" + path)))
                    .toList();
            if (series.isEmpty()) {
                continue;
            }
            g.setColor(COLORS.get(key));
            // Encryption off dashed: it is the same vault, a reference line rather than a rival.
            g.setStroke(
                    who.equals("vault-off")
                            ? new BasicStroke(
                                    2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f)
                            : new BasicStroke(2f));
            int px = -1;
            int py = -1;
            for (PointResult p : series) {
                int x = xPos(xList.indexOf(p.concurrency()), xList.size(), left, right);
                int y = yPos(p.perSecond(), lowDecade, highDecade, top, bottom);
                g.fillOval(x - 4, y - 4, 8, 8);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                px = x;
                py = y;
            }
            String label = switch (who) {
                        case "vault" -> "Phylax vault";
                        case "vault-off" -> "Phylax vault, encryption off (bench profile)";
                        case "pg" -> "pgbench (same rows, same durability)";
                        default -> "FHIR peer";
                    }
                    + " — " + patient.sized();
            // Legend under the axis, one line per series: the lines span the whole plot area.
            g.fillRect(left + 10, bottom + 52 + legend * 14, 12, 4);
            g.drawString(label, left + 28, bottom + 57 + legend * 14);
            legend++;
        }
    }

    private static int xPos(int index, int count, int left, int right) {
        return count <= 1 ? (left + right) / 2 : left + 30 + (right - left - 60) * index / (count - 1);
    }

    private static int yPos(double value, int lowDecade, int highDecade, int top, int bottom) {
        double v = Math.log10(Math.max(value, Math.pow(10, lowDecade)));
        return (int) Math.round(bottom - (bottom - top) * (v - lowDecade) / (highDecade - lowDecade));
    }
}
