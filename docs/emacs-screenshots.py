#!/usr/bin/python3
"""Make docs/emacs-menu.png and docs/emacs-panel.png: M-x iim and a panel in `emacs -nw`
under a private tmux, captured with `tmux capture-pane -e` and drawn with Pillow
(Debian python3-pil, fonts-dejavu-core). Run by hand after a change to the menu or panels:
    /usr/bin/python3 docs/emacs-screenshots.py   (Debian's python3, which has python3-pil)
Every program runs from an argument vector (no shell); the tmux server is killed at the end."""
import os
import re
import subprocess
import sys
import tempfile
import time

from PIL import Image, ImageDraw, ImageFont

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WIDTH, HEIGHT = 110, 60
SOCKET = f"iim-screenshots-{os.getpid()}"
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
BOLD = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono-Bold.ttf"


PANEL = """#+TITLE: my lab: tinydns on 127.53.0.1

Notes written here stay when the panel is regenerated (C-c _ g).
RET or F11 runs a link; S-F11 shows its plan first (y in *iim* runs it).

* Records
- [[iim:iim-tinydns -p dir=LAB -i recordList][what the lab serves]]
- [[iim:iim-tinydns -p dir=LAB -i recordAdd host www.example.test 10.1.2.3][add www]]
- [[iim:iim-tinydns -p dir=LAB -i dataCheck][check root/data]]
"""


def tmux(*args):
    return subprocess.run(["tmux", "-L", SOCKET, *args], check=True, capture_output=True, text=True).stdout


def screen(ansi=False):
    return tmux("capture-pane", "-p", *(["-e"] if ansi else []), "-t", "shot")


def wait_for(what, predicate, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        if predicate(screen()):
            return
        time.sleep(0.1)
    sys.exit(f"emacs-screenshots: timed out waiting for {what}:\n{screen()}")


def keys(*names):
    tmux("send-keys", "-t", "shot", *names)


def text(words):
    tmux("send-keys", "-t", "shot", "-l", "--", words)


# xterm's 16 colours, then the 6x6x6 cube and the grey ramp of the 256-colour palette
BASE = [(0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255)]
CUBE = [0, 95, 135, 175, 215, 255]
PALETTE = BASE + [(CUBE[i // 36], CUBE[i // 6 % 6], CUBE[i % 6]) for i in range(216)] + [(8 + 10 * i,) * 3 for i in range(24)]
FOREGROUND, BACKGROUND = (229, 229, 229), (24, 24, 24)


def cells(ansi):
    """The screen as rows of (char, fg, bg, bold), from SGR escapes."""
    rows = []
    for line in ansi.split("\n")[:HEIGHT]:
        fg, bg, bold, reverse, row = None, None, False, False, []
        for part in re.split(r"(\x1b\[[0-9;]*m)", line):
            if part.startswith("\x1b["):
                codes = [int(c) if c else 0 for c in part[2:-1].split(";")]
                i = 0
                while i < len(codes):
                    c = codes[i]
                    if c == 0:
                        fg, bg, bold, reverse = None, None, False, False
                    elif c == 1:
                        bold = True
                    elif c == 22:
                        bold = False
                    elif c == 7:
                        reverse = True
                    elif c == 27:
                        reverse = False
                    elif 30 <= c <= 37:
                        fg = PALETTE[c - 30]
                    elif 90 <= c <= 97:
                        fg = PALETTE[c - 90 + 8]
                    elif c == 39:
                        fg = None
                    elif 40 <= c <= 47:
                        bg = PALETTE[c - 40]
                    elif 100 <= c <= 107:
                        bg = PALETTE[c - 100 + 8]
                    elif c == 49:
                        bg = None
                    elif c in (38, 48) and i + 2 < len(codes) and codes[i + 1] == 5:
                        if c == 38:
                            fg = PALETTE[codes[i + 2]]
                        else:
                            bg = PALETTE[codes[i + 2]]
                        i += 2
                    i += 1
            else:
                for ch in part:
                    f, b = fg or FOREGROUND, bg or BACKGROUND
                    row.append((ch, b if reverse else f, f if reverse else b, bold))
        rows.append(row)
    return rows


def render(ansi, path):
    font, bold = ImageFont.truetype(FONT, 15), ImageFont.truetype(BOLD, 15)
    left, top, right, bottom = font.getbbox("M")
    cw, ch = font.getlength("M"), 19
    image = Image.new("RGB", (int(cw * WIDTH) + 16, ch * HEIGHT + 16), BACKGROUND)
    draw = ImageDraw.Draw(image)
    for y, row in enumerate(cells(ansi)):
        for x, (char, fg, bg, is_bold) in enumerate(row):
            px, py = 8 + x * cw, 8 + y * ch
            if bg != BACKGROUND:
                draw.rectangle([px, py, px + cw, py + ch], fill=bg)
            if char != " ":
                draw.text((px, py), char, font=bold if is_bold else font, fill=fg)
    image.save(path)
    print(f"emacs-screenshots: wrote {path}", file=sys.stderr)


def main():
    top = tempfile.mkdtemp(prefix="iim-screenshots-")
    lab = os.path.join(top, "tinydns")
    os.makedirs(os.path.join(lab, "root"))
    with open(os.path.join(lab, "root", "data"), "w") as data:
        data.write(".example.test:127.53.0.1:a:259200\n.2.1.10.in-addr.arpa:127.53.0.1:a:259200\n")
    subprocess.run(["tinydns-data"], cwd=os.path.join(lab, "root"), check=True)
    panel = os.path.join(top, "Panel.org")
    with open(panel, "w") as out:
        out.write(PANEL.replace("LAB", lab))
    init = f'(progn (load "{ROOT}/panels/iim") (setq iim-link-confirm-function nil))'
    env_term = ["env", "TERM=xterm-256color", "COLORTERM=truecolor"]
    tmux("new-session", "-d", "-s", "shot", "-x", str(WIDTH), "-y", str(HEIGHT), "-c", top,
         *env_term, "emacs", "-nw", "-Q", "--eval", init)
    emacs = int(tmux("display-message", "-p", "-t", "shot", "#{pane_pid}").strip())
    try:
        wait_for("Emacs", lambda s: "*scratch*" in s)
        keys("M-x"); text("iim"); keys("Enter")
        wait_for("the script prompt", lambda s: "iim script:" in s)
        text("iim-tinydns"); keys("Enter")
        wait_for("the menu", lambda s: "recordAdd" in s)
        keys("-", "n"); wait_for("the run mode prompt", lambda s: "Run mode:" in s)
        text("showOnly"); keys("Enter")
        wait_for("showOnly", lambda s: "(-n=showOnly)" in s)
        render(screen(ansi=True), os.path.join(ROOT, "docs", "emacs-menu.png"))
        keys("C-g")
        keys("C-x", "C-f"); text(panel); keys("Enter")
        wait_for("the panel", lambda s: "Panel.org" in s)
        keys("M-n"); keys("M-n")
        keys("S-F11")
        wait_for("the plan", lambda s: "exit 0 after" in s or "exit 1 after" in s)
        render(screen(ansi=True), os.path.join(ROOT, "docs", "emacs-panel.png"))
    finally:
        try:
            os.kill(emacs, 9)
        except ProcessLookupError:
            pass
        # killing Emacs ended the only session, and with it (usually) the server
        subprocess.run(["tmux", "-L", SOCKET, "kill-server"], check=False, capture_output=True)
        subprocess.run(["rm", "-rf", "--", top], check=False)


if __name__ == "__main__":
    main()
