package dev.duplex.bench;

/** The payloads the microbenchmarks rewrite, by name. */
final class Payloads {

    private Payloads() {
    }

    static String of(String name) {
        switch (name) {
            case "small":
                return EchoLoad.PAYLOAD;
            case "1KiB":
                return structured(1024);
            case "16KiB":
                return "\"" + "x".repeat(16 * 1024) + "\"";
            default:
                throw new IllegalArgumentException("no payload named " + name);
        }
    }

    /** An array of small records, as a listing call would return, of about {@code bytes}. */
    private static String structured(int bytes) {
        StringBuilder json = new StringBuilder("[");
        for (int i = 0; json.length() < bytes - 64; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append("{\"id\":").append(1000 + i).append(",\"name\":\"item ").append(i)
                    .append("\",\"price\":").append(i * 1.25).append(",\"tags\":[\"x\",\"y\"]}");
        }
        return json.append(']').toString();
    }
}
