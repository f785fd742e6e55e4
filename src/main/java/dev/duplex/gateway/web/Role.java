package dev.duplex.gateway.web;

/** Who is on the other end of a gateway WebSocket. */
enum Role {
    BACKEND("backend"),
    CLIENT("client");

    private final String label;

    Role(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
