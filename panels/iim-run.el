;;; iim-run.el --- Run iim command lines into an output buffer  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The iim-ts authors
;; SPDX-License-Identifier: MIT

;; This file is not part of GNU Emacs.

;;; Commentary:

;; A command line of an iim script, split into words as the scripts' own
;; splitter does (no shell), runs asynchronously into *iim*, a buffer in
;; `iim-output-mode' (derived from `compilation-mode'): the exit status and
;; run time in its header line, ANSI colours as faces, g runs the line
;; again, C-c C-k stops it, n and p move between the actions of a
;; -n showOnly plan and y runs the planned line for real.  A line run from
;; an Emacs whose server runs gets EMACS_SOCKET_NAME, so the scripts'
;; editor client opens files here.

;;; Code:

(require 'compile)
(require 'ansi-color)
(require 'subr-x)
(require 'json)
(require 'seq)

(defgroup iim nil
  "Run iim scripts from Emacs: menus, org panels, output buffers."
  :group 'tools
  :prefix "iim-")

(defvar server-process)
(defvar server-name)
(defvar server-socket-dir)
(defvar server-use-tcp)
(defvar server-auth-dir)

(defconst iim--home
  (file-name-directory (or load-file-name buffer-file-name default-directory))
  "The directory this file was loaded from (panels/ of a checkout).")

(defcustom iim-bin-directory
  (let ((bin (expand-file-name "../dist/bin" iim--home)))
    (and (file-directory-p bin) bin))
  "Directory of the iim bins (iim.js, iim-dnscache.js ...), or nil for PATH.
The default is the dist/bin of the checkout this file belongs to, so
links work without any PATH setup."
  :type '(choice (const :tag "Use PATH" nil) directory)
  :group 'iim)

(defcustom iim-buffer-name "*iim*"
  "Buffer that shows the output of a command run from Emacs.
With a prefix argument, a run gets a buffer of its own instead."
  :type 'string
  :group 'iim)

(defcustom iim-buffer-per-script nil
  "Non-nil means each script's runs go to a buffer of its own, *iim SCRIPT*."
  :type 'boolean
  :group 'iim)

(defcustom iim-color t
  "Non-nil means scripts print in colour (FORCE_COLOR=1), shown as faces."
  :type 'boolean
  :group 'iim)

(defconst iim--c-escapes
  '((?n . ?\n) (?t . ?\t) (?r . ?\r) (?a . 7) (?b . 8) (?e . 27) (?f . 12)
    (?v . 11))
  "The letters of bash's $'...' escapes and the characters they stand for.")

(defun iim--ansi-c-quoted (line start)
  "Read bash's $'...' in LINE from START, just after its quote.
Return (TEXT . END), END at the closing quote."
  (let ((text "") (i start) (n (length line)) (end nil))
    (while (and (not end) (< i n))
      (let ((c (aref line i)))
        (cond
         ((eq c ?') (setq end i))
         ((and (eq c ?\\) (< (1+ i) n))
          (setq i (1+ i))
          (let ((next (aref line i))
                (octal (substring line i (min n (+ i 3))))
                (hex (substring line (min n (1+ i)) (min n (+ i 3)))))
            (cond
             ((string-match "\\`[0-7]\\{1,3\\}" octal)
              (let ((digits (match-string 0 octal)))
                (setq text (concat text (string (logand (string-to-number digits 8)
                                                        255)))
                      i (+ i (length digits) -1))))
             ((and (eq next ?x) (string-match "\\`[0-9A-Fa-f]\\{1,2\\}" hex))
              (let ((digits (match-string 0 hex)))
                (setq text (concat text (string (string-to-number digits 16)))
                      i (+ i (length digits)))))
             (t (setq text (concat text (string (or (cdr (assq next iim--c-escapes))
                                                    next))))))))
         (t (setq text (concat text (string c))))))
      (unless end (setq i (1+ i))))
    (unless end (user-error "Unbalanced $' in: %s" line))
    (cons text end)))

(defun iim-split-line (line)
  "Split LINE into words as the scripts' own splitter does.
Blanks separate; '...', \"...\" and $'...' quote; backslash escapes.
The rules of framework/shell-words.ts; no shell runs."
  (let ((words '()) (current "") (in-word nil) (i 0) (n (length line)))
    (while (< i n)
      (let ((c (aref line i)))
        (cond
         ((and (eq c ?$) (< (1+ i) n) (eq (aref line (1+ i)) ?'))
          (let ((quoted (iim--ansi-c-quoted line (+ i 2))))
            (setq current (concat current (car quoted)) i (cdr quoted) in-word t)))
         ((eq c ?')
          (let ((end (string-search "'" line (1+ i))))
            (unless end (user-error "Unbalanced ' in: %s" line))
            (setq current (concat current (substring line (1+ i) end))
                  i end in-word t)))
         ((eq c ?\")
          (let ((j (1+ i)))
            (while (and (< j n) (not (eq (aref line j) ?\")))
              (when (and (eq (aref line j) ?\\) (< (1+ j) n)) (setq j (1+ j)))
              (setq current (concat current (string (aref line j))) j (1+ j)))
            (when (>= j n) (user-error "Unbalanced \" in: %s" line))
            (setq i j in-word t)))
         ((and (eq c ?\\) (< (1+ i) n))
          (setq i (1+ i) current (concat current (string (aref line i))) in-word t))
         ((memq c '(?\s ?\t))
          (when in-word (push current words))
          (setq current "" in-word nil))
         (t (setq current (concat current (string c)) in-word t))))
      (setq i (1+ i)))
    (when in-word (push current words))
    (nreverse words)))

(defun iim-quote-word (word)
  "Quote WORD for `iim-split-line': bare when safe, else in '...'."
  (if (and (not (string-empty-p word))
           (string-match-p "\\`[[:alnum:]_@%+=:,./-]+\\'" word))
      word
    (concat "'" (string-replace "'" "'\\''" word) "'")))

(defun iim-join-words (words)
  "Join WORDS into a command line, each quoted for `iim-split-line'."
  (mapconcat #'iim-quote-word words " "))

;; A file-local or directory-local value would choose the programs every
;; link runs (a downloaded panel beside its own bin/): never offer to keep one.
(put 'iim-bin-directory 'risky-local-variable t)

(defun iim-installed-scripts ()
  "The names of the installed iim scripts (iim -i scripts), or nil."
  (with-temp-buffer
    (when (eq 0 (call-process (iim-program "iim") nil (list t nil) nil
                              "-i" "scripts" "-p" "format=json"))
      (goto-char (point-min))
      (mapcar (lambda (script) (alist-get 'name script))
              (json-parse-buffer :object-type 'alist :array-type 'list
                                 :null-object nil :false-object nil)))))

(defun iim-installed-script-p (word)
  "Non-nil when WORD names an installed iim script (not a path)."
  (and (not (string-match-p "/" word))
       (member word (iim-installed-scripts))))

(defun iim-program (name &optional directory)
  "The program to run for NAME, looked for in three places.
Its bin in `iim-bin-directory'; else, when NAME is no installed script,
an executable NAME in DIRECTORY \(a script of one's own beside its
panel); else NAME itself, for the variable `exec-path'.  An installed
script's name always runs the installed script, as iim -i panelRun
does: a file of that name beside a panel nobody vetted is not run."
  (let ((bin (and iim-bin-directory
                  (expand-file-name (concat name ".js") iim-bin-directory)))
        (beside (and directory (not (string-match-p "/" name))
                     (expand-file-name name directory))))
    (cond ((and bin (file-executable-p bin)) bin)
          ((and beside (file-regular-p beside) (file-executable-p beside)
                (not (iim-installed-script-p name)))
           beside)
          ;; ./mine.mjs is relative to DIRECTORY, not to the current buffer's
          ((and directory (string-match-p "/" name)) (expand-file-name name directory))
          (t name))))

;;;; The output buffer

(defconst iim-source-regexp
  '("^\\*\\* \\[[^]\n]*\\] \\([^\n]+\\):\\([0-9]+\\)$" 1 2 nil 0)
  "The source lines of -v (`** [SCRIPT COMMAND] FILE:LINE').
An entry of `compilation-error-regexp-alist' of type 0 (info):
following one visits the line an action came from.")

(defconst iim-problem-regexp
  '("^[[:alnum:]_.-]+: [[:alnum:]_]+: \\([^ \n:][^\n:]*\\):\\([0-9]+\\): " 1 2 nil 2)
  "A script's error naming a place (`iim: panelGenerate: FILE:LINE: why').
An entry of `compilation-error-regexp-alist': gnu's rule takes one
program prefix, not two.")

(defconst iim-action-regexp "^\\*\\* \\["
  "The first line of an action in a -v plan (its source line).")

(defvar-local iim--line nil "The command line this buffer shows the run of.")
(defvar-local iim--directory nil "The directory that line ran in.")
(defvar-local iim--started nil "When the run began (a time value).")
(defvar-local iim--ended nil "When the run ended, or nil while it runs.")
(defvar-local iim--status nil "How the run ended: an exit status, or a signal name.")
(defvar-local iim--planned nil "The line to run for real when this buffer shows a plan.")

(defun iim--compilation-setup ()
  "Make the current compilation buffer know the -v source lines and errors."
  (setq-local compilation-error-regexp-alist
              (append (list iim-source-regexp iim-problem-regexp)
                      (remove iim-problem-regexp
                              (remove iim-source-regexp
                                      compilation-error-regexp-alist)))))

(defvar iim-output-mode-map
  (let ((map (make-sparse-keymap)))
    (set-keymap-parent map compilation-mode-map)
    (define-key map "g" #'iim-rerun)
    (define-key map (kbd "C-c C-k") #'iim-stop)
    (define-key map "n" #'iim-next-action)
    (define-key map "p" #'iim-previous-action)
    (define-key map "y" #'iim-run-plan)
    map)
  "Keys of `iim-output-mode'.")

(define-derived-mode iim-output-mode compilation-mode "iim"
  "The output of an iim command line.
\\<iim-output-mode-map>\\[iim-rerun] runs the line again, \\[iim-stop] stops it,\
 \\[iim-next-action] and \\[iim-previous-action] move between the actions of a
plan, \\[iim-run-plan] runs a planned line for real; FILE:LINE references jump.

\\{iim-output-mode-map}"
  (iim--compilation-setup)
  (setq-local header-line-format '(:eval (iim-output-header))))

(defun iim--seconds ()
  "Seconds the run of this buffer took, or has taken so far."
  (and iim--started
       (float-time (time-subtract (or iim--ended (current-time)) iim--started))))

(defun iim--outcome ()
  "Say how the run of this buffer ended, or for how long it has run."
  (cond ((not iim--started) "")
        ((not iim--ended) (format "running %.1f s" (iim--seconds)))
        ((integerp iim--status) (format "exit %d after %.2f s" iim--status (iim--seconds)))
        (t (format "%s after %.2f s" iim--status (iim--seconds)))))

(defun iim-output-header ()
  "The header line of an output buffer: the line, then its outcome."
  (concat " " (iim--outcome) "  " (or iim--line "")))

(defcustom iim-scroll-output nil
  "Non-nil means the output window follows the end of the output.
Nil, as `compilation-scroll-output' nil: a new run shows its start
\(the command line, a plan's first actions); \[end-of-buffer] there
follows the output from then on."
  :type 'boolean
  :group 'iim)

(defun iim--insert-output (mark text)
  "Insert TEXT at MARK of this buffer, colours as faces, and move MARK after it.
Point, and each window's point, follow the output only when they are
at MARK; elsewhere they stay, as in `compilation-filter'."
  (let* ((inhibit-read-only t)
         (at-end (= (point) mark))
         (windows (get-buffer-window-list nil nil t))
         (following (seq-filter (lambda (window) (= (window-point window) mark)) windows))
         (staying (mapcar (lambda (window) (cons window (window-point window)))
                          (seq-difference windows following))))
    (save-excursion
      (goto-char mark)
      (let ((start (point)))
        (insert text)
        (ansi-color-apply-on-region start (point)))
      (set-marker mark (point)))
    (when at-end (goto-char mark))
    (dolist (window following) (set-window-point window mark))
    (dolist (stay staying) (set-window-point (car stay) (cdr stay)))))

(defun iim--filter (process output)
  "Insert OUTPUT of PROCESS at its mark (see `iim--insert-output')."
  (when (buffer-live-p (process-buffer process))
    (with-current-buffer (process-buffer process)
      (iim--insert-output (process-mark process) output))))

(defun iim--sentinel (process event)
  "Say how PROCESS ended (EVENT) at the end of its buffer and in its header."
  (when (and (memq (process-status process) '(exit signal))
             (buffer-live-p (process-buffer process)))
    (with-current-buffer (process-buffer process)
      (setq iim--ended (current-time)
            iim--status (if (eq (process-status process) 'exit)
                            (process-exit-status process)
                          (string-trim event)))
      (iim--insert-output
       (set-marker (process-mark process) (point-max))
       (concat (format "\niim: %s %s" (process-name process) (string-trim event))
               (if (eq (process-status process) 'exit)
                   (format " (exit %d)" (process-exit-status process))
                 "")
               (format " after %.2f s\n" (iim--seconds))))
      (force-mode-line-update))))

(defun iim--server-socket ()
  "Return the socket of this Emacs's server if it is on, else nil."
  (and (boundp 'server-process) (process-live-p server-process)
       (boundp 'server-name)
       (if (and (boundp 'server-use-tcp) server-use-tcp)
           nil
         (expand-file-name server-name server-socket-dir))))

(defun iim--environment ()
  "The environment of a run: editor client pointed here, colours on."
  (let ((socket (iim--server-socket)))
    (append (and socket (list (concat "EMACS_SOCKET_NAME=" socket)))
            (and iim-color (list "FORCE_COLOR=1"))
            process-environment)))

(defun iim--buffer (line new)
  "The output buffer for LINE: NEW when a buffer, a new one when non-nil.
Else the script's own (`iim-buffer-per-script') or `iim-buffer-name'."
  (let ((script (file-name-nondirectory (car (iim-split-line line)))))
    (cond ((bufferp new) new)
          (new (generate-new-buffer (format "*iim %s*" script)))
          (iim-buffer-per-script (get-buffer-create (format "*iim %s*" script)))
          (t (get-buffer-create iim-buffer-name)))))

(defun iim-run-line (line &optional directory new-buffer)
  "Run the command LINE (an iim script and its arguments) in DIRECTORY.
The words of LINE are the program and its arguments (no shell).  Output
goes to `iim-buffer-name' in `iim-output-mode' (to NEW-BUFFER when it is
a buffer, to a new buffer when it is otherwise non-nil); a command still
running there is killed first.  Return the process."
  (let* ((words (iim-split-line line))
         (directory (file-name-as-directory (or directory default-directory)))
         (buffer (progn (unless words (user-error "Empty iim command line"))
                        (iim--buffer line new-buffer)))
         (old (get-buffer-process buffer)))
    (when (process-live-p old) (delete-process old))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (iim-output-mode)
        (setq default-directory directory
              iim--line line iim--directory directory
              iim--started (current-time) iim--ended nil iim--status nil
              iim--planned nil)
        (insert (format "iim: %s\n\n" line))))
    (let* ((default-directory directory)
           (process-environment (iim--environment))
           (process (make-process
                     :name (car words)
                     :buffer buffer
                     :command (cons (iim-program (car words) directory) (cdr words))
                     :connection-type 'pipe
                     :noquery t
                     :filter #'iim--filter
                     :sentinel #'iim--sentinel)))
      (with-current-buffer buffer
        (set-marker (process-mark process) (point-max))
        ;; as `compilation-start': point at the start, unless the output is followed
        (goto-char (if iim-scroll-output (point-max) (point-min))))
      (unless noninteractive
        (let ((window (display-buffer buffer)))
          (when window
            (set-window-start window (with-current-buffer buffer (point-min)))
            (set-window-point window (with-current-buffer buffer (point))))))
      process)))

(defconst iim--options-with-values '("-i" "--invoke" "-p" "--param" "-n" "-T" "-r")
  "The options of the command line grammar that take the next word.")

(defun iim--without-run-mode (words)
  "WORDS (a line's, its script left out) without their -n MODE options.
Options are read up to the first word after -i COMMAND that is not one;
from there on every word is an argument and is kept."
  (let ((kept '()) (invoked nil) (done nil))
    (while words
      (let ((word (pop words)))
        (cond
         (done (push word kept))
         ((equal word "--") (setq done t) (push word kept))
         ((equal word "-n") (pop words))
         ((member word iim--options-with-values)
          (when (member word '("-i" "--invoke")) (setq invoked t))
          (push word kept)
          (when words (push (pop words) kept)))
         ((string-prefix-p "-" word) (push word kept))
         (t (when invoked (setq done t)) (push word kept)))))
    (nreverse kept)))

(defun iim-plan-line (line)
  "LINE under -n showOnly -v: its plan, each action with its source line.
A run mode LINE gives itself (-n showRun) is left out: the last -n would win."
  (let ((words (iim-split-line line)))
    (iim-join-words (append (list (car words) "-n" "showOnly" "-v")
                            (iim--without-run-mode (cdr words))))))

(defun iim-plan (line &optional directory)
  "Show the plan of LINE in DIRECTORY (-n showOnly).
Then \\[iim-run-plan] in the output buffer runs it."
  (interactive (list (read-string "iim line to plan: ")))
  (let ((process (iim-run-line (iim-plan-line line) directory)))
    (with-current-buffer (process-buffer process)
      (setq iim--planned line))
    process))

(defun iim-rerun ()
  "Run the line of this output buffer again."
  (interactive)
  (unless iim--line (user-error "No iim line here"))
  (let ((planned iim--planned)
        (process (iim-run-line iim--line iim--directory (current-buffer))))
    (with-current-buffer (process-buffer process) (setq iim--planned planned))
    process))

(defun iim-run-plan ()
  "Run for real the line whose plan is in this buffer."
  (interactive)
  (unless iim--planned (user-error "This buffer shows no plan (run a line with -n showOnly)"))
  (iim-run-line iim--planned iim--directory (current-buffer)))

(defun iim-stop ()
  "Stop the command running in this output buffer (SIGINT, then SIGKILL)."
  (interactive)
  (let ((process (get-buffer-process (current-buffer))))
    (unless (process-live-p process) (user-error "No iim command runs here"))
    (interrupt-process process)
    (run-at-time 2 nil (lambda ()
                         (when (process-live-p process) (kill-process process))))))

(defun iim--plan-p ()
  "Return non-nil if this output buffer has a plan in it (lines of actions)."
  (save-excursion (goto-char (point-min)) (re-search-forward iim-action-regexp nil t)))

(defun iim-next-action (&optional n)
  "Move to the Nth next action of a plan; without actions, the next reference."
  (interactive "p")
  (let ((n (or n 1)))
    (if (iim--plan-p)
        (progn
          (when (> n 0) (forward-line 1))
          (unless (re-search-forward iim-action-regexp nil t n)
            (when (> n 0) (forward-line -1))
            (user-error "No more actions"))
          (beginning-of-line))
      (compilation-next-error n))))

(defun iim-previous-action (&optional n)
  "Move to the Nth previous action of a plan."
  (interactive "p")
  (let ((n (or n 1)))
    (if (iim--plan-p)
        (progn
          (beginning-of-line)
          (unless (re-search-backward iim-action-regexp nil t n)
            (user-error "No earlier action")))
      (compilation-previous-error n))))

(provide 'iim-run)
;;; iim-run.el ends here
