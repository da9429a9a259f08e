// Small browser helpers the pages call through JS interop.
window.fleetPortal = {
    // Keeps a live log scrolled to its newest line.
    scrollToEnd: function (element) {
        if (element) {
            element.scrollTop = element.scrollHeight;
        }
    },
    copyText: function (text) {
        return navigator.clipboard.writeText(text);
    },
    downloadText: function (fileName, text) {
        const blob = new Blob([text], { type: "text/plain" });
        const link = document.createElement("a");
        link.href = URL.createObjectURL(blob);
        link.download = fileName;
        link.click();
        URL.revokeObjectURL(link.href);
    }
};
