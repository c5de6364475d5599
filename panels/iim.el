;;; iim.el --- Run iim sysadmin scripts: menus, panels, output  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The iim-ts authors

;; Author: The iim-ts authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.2"))
;; URL: https://example.invalid/iim-ts
;; Keywords: tools, processes, unix
;; SPDX-License-Identifier: MIT

;; This file is not part of GNU Emacs.

;;; Commentary:

;; Emacs as the console of iim scripts (iim, iim-daemontools, iim-tinydns,
;; iim-dnscache and scripts of one's own) that drive daemontools and djbdns.
;;
;; Load it with one line in init.el:
;;
;;     (load "/path/to/iim-ts/panels/iim")
;;
;; or install it with `package-install-file' on the panels/ directory.
;;
;; - M-x iim asks for a script, then shows a menu of its commands built
;;   from its declaration (SCRIPT -i help -p format=json): run mode, -v,
;;   -f, -T, parameters, and a stage switch that puts the command line in
;;   the minibuffer before it runs (iim-transient.el).
;; - Org links [[iim:iim-dnscache -i list][...]] run their command line,
;;   split into words, without a shell; M-x iim-panel opens a panel, where
;;   `iim-panel-mode' binds RET and F11 to run the link at point
;;   (iim-panel.el).
;; - Output goes to *iim* in `iim-output-mode', derived from
;;   `compilation-mode': g runs the line again, FILE:LINE references jump,
;;   ANSI colours show, C-c C-k stops the command, n and p move between the
;;   actions of a -n showOnly plan and y runs the planned line.

;;; Code:

(require 'org)
(require 'ol)
(require 'org-element)
(require 'compile)
(require 'ansi-color)
(require 'json)
(require 'subr-x)

(defvar server-process)
(defvar server-name)
(defvar server-socket-dir)
(defvar server-use-tcp)
(defvar server-auth-dir)

(defgroup iim nil
  "Run iim scripts from Emacs: menus, org panels, output buffers."
  :group 'tools
  :prefix "iim-")

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

(defun iim--shipped-panels ()
  "The panels/ directory: beside this file, else beside the iim bin on PATH.
`package-install-file' copies only the Lisp files, so an installed
package finds the panels of the iim-ts installation that runs."
  (if (file-exists-p (expand-file-name "index.org" iim--home))
      iim--home
    (let ((bin (executable-find "iim")))
      (or (and bin
               (let ((panels (expand-file-name "../../panels/"
                                               (file-name-directory (file-truename bin)))))
                 (and (file-directory-p panels) panels)))
          iim--home))))

(defcustom iim-panels-directory (iim--shipped-panels)
  "Directory of the shipped org panels."
  :type 'directory
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

(defun iim-program (name &optional directory)
  "The program to run for NAME, looked for in three places.
Its bin in `iim-bin-directory'; else an executable NAME in DIRECTORY
\(a script of one's own beside its panel); else NAME itself, for the
variable `exec-path'."
  (let ((bin (and iim-bin-directory
                  (expand-file-name (concat name ".js") iim-bin-directory)))
        (beside (and directory (not (string-match-p "/" name))
                     (expand-file-name name directory))))
    (cond ((and bin (file-executable-p bin)) bin)
          ((and beside (file-regular-p beside) (file-executable-p beside)) beside)
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

(defun iim--filter (process output)
  "Insert OUTPUT of PROCESS at its mark, colours as faces."
  (when (buffer-live-p (process-buffer process))
    (with-current-buffer (process-buffer process)
      (let ((inhibit-read-only t))
        (save-excursion
          (goto-char (process-mark process))
          (let ((start (point)))
            (insert output)
            (ansi-color-apply-on-region start (point)))
          (set-marker (process-mark process) (point)))))))

(defun iim--sentinel (process event)
  "Say how PROCESS ended (EVENT) at the end of its buffer and in its header."
  (when (and (memq (process-status process) '(exit signal))
             (buffer-live-p (process-buffer process)))
    (with-current-buffer (process-buffer process)
      (setq iim--ended (current-time)
            iim--status (if (eq (process-status process) 'exit)
                            (process-exit-status process)
                          (string-trim event)))
      (let ((inhibit-read-only t))
        (save-excursion
          (goto-char (point-max))
          (insert (format "\niim: %s %s" (process-name process) (string-trim event)))
          (insert (if (eq (process-status process) 'exit)
                      (format " (exit %d)" (process-exit-status process))
                    "")
                  (format " after %.2f s\n" (iim--seconds)))))
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
        (set-marker (process-mark process) (point-max)))
      (unless noninteractive (display-buffer buffer))
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

(defun iim-next-action (&optional n)
  "Move to the Nth next action of a plan; without actions, the next reference."
  (interactive "p")
  (let ((n (or n 1)))
    (if (save-excursion (goto-char (point-min)) (re-search-forward iim-action-regexp nil t))
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
    (if (save-excursion (goto-char (point-min)) (re-search-forward iim-action-regexp nil t))
        (progn
          (beginning-of-line)
          (unless (re-search-backward iim-action-regexp nil t n)
            (user-error "No earlier action")))
      (compilation-previous-error n))))

;;;; Links

(defcustom iim-link-confirm-function #'yes-or-no-p
  "Function that asks before following an iim: link that could do harm.
A link runs unasked only when its first word is an installed iim
script, it reaches no other host or privilege, and its dry run under -n
showOnly changes nothing: the rule of iim -i panelRun, asked of iim -i
panelTrust.  Any other link (sh -c ..., ./helper, svcCreate, a -f line)
runs only when this function, called with a question saying what it
would do, returns non-nil.  As with `org-link-shell-confirm-function':
`yes-or-no-p', `y-or-n-p', or nil to run every link unasked (only for
panels you wrote yourself)."
  :type '(choice (function-item yes-or-no-p) (function-item y-or-n-p)
                 (const :tag "Run every link without asking" nil))
  :group 'iim)

(defun iim-link-question (line &optional directory)
  "Say why LINE, from a panel in DIRECTORY, must be confirmed to run.
Nil when it need not.  Asks iim -i panelTrust; an answer it cannot give
is a reason to confirm."
  (condition-case err
      (with-temp-buffer
        (let* ((status (call-process (iim-program "iim") nil (list t nil) nil
                                     "-i" "panelTrust" "--" line
                                     (expand-file-name (or directory default-directory))))
               (answer (string-trim (buffer-string))))
          (cond ((and (eq status 0) (equal answer "trusted")) nil)
                ((and (eq status 0) (string-prefix-p "confirm: " answer))
                 (substring answer (length "confirm: ")))
                (t (format "could not be checked (iim -i panelTrust: exit %s)" status)))))
    (error (format "could not be checked (%s)" (error-message-string err)))))

(defun iim-confirmed-p (line &optional directory)
  "Non-nil when LINE from DIRECTORY may run: trusted, or the user agrees."
  (let ((why (and iim-link-confirm-function (iim-link-question line directory))))
    (or (not why)
        (funcall iim-link-confirm-function (format "iim link \"%s\" %s: run it? " line why)))))

(defun iim-follow (path &optional arg)
  "Follow an iim: link: run its command line PATH from the panel's directory.
A link that is not a plain iim command runs only when
`iim-link-confirm-function' agrees.  With ARG, output goes to a buffer
of its own."
  (if (not (iim-confirmed-p path default-directory))
      (progn (message "iim: not run: %s" path) nil)
    (iim-run-line path default-directory arg)))

;;;; Scripts and their declarations

(defun iim--json (words)
  "Run WORDS (script and arguments, no shell) and parse its JSON output."
  (with-temp-buffer
    (let ((status (apply #'call-process (iim-program (car words)) nil (list t nil) nil
                         (cdr words))))
      (unless (eq status 0)
        (error "Iim: %s failed (exit %s)" (string-join words " ") status))
      (goto-char (point-min))
      (json-parse-buffer :object-type 'alist :array-type 'list
                         :null-object nil :false-object nil))))

(defun iim-scripts ()
  "The installed iim scripts, as alists (name, brief, panel, commands)."
  (iim--json '("iim" "-i" "scripts" "-p" "format=json")))

(defun iim-script-commands (script)
  "The commands of SCRIPT, as alists (name, brief, args, destructive, root)."
  (iim--json (list script "-i" "list" "-p" "format=json")))

(defun iim-declaration (script)
  "The declaration of SCRIPT (SCRIPT -i help -p format=json), as an alist.
Commands with args, brief, destructive, root, needs; params with
describe, default, choices and current value; sourceFile and panel."
  (iim--json (list script "-i" "help" "-p" "format=json")))

(defconst iim--seeded-commands
  '("examples" "describe" "list" "help" "params" "visit" "panel")
  "Commands every script has.")

(defun iim-read-script (&optional prompt default)
  "Read an installed script's name, or the path of a script file, with PROMPT.
DEFAULT is the answer to an empty input."
  (let ((scripts (mapcar (lambda (s) (cons (alist-get 'name s) (alist-get 'brief s)))
                         (iim-scripts))))
    (completing-read (or prompt "iim script: ")
                     (lambda (string predicate action)
                       (if (eq action 'metadata)
                           `(metadata
                             (annotation-function
                              . ,(lambda (name)
                                   (concat "  " (or (cdr (assoc name scripts)) "")))))
                         (complete-with-action action scripts string predicate)))
                     ;; an installed script, or (confirmed) a script file of one's own
                     nil 'confirm nil nil default)))

(defun iim-complete-link (&optional _arg)
  "Complete an iim: link when inserting it: script, command, then arguments."
  (let* ((script (iim-read-script))
         (commands (iim-script-commands script))
         (names (append (mapcar (lambda (c) (alist-get 'name c)) commands)
                        iim--seeded-commands))
         (command (completing-read (format "%s command: " script) names nil t))
         (spec (assoc command (mapcar (lambda (c) (cons (alist-get 'name c) c)) commands)))
         (arg-names (and spec (alist-get 'args (cdr spec))))
         (args (if arg-names
                   (read-string (format "%s arguments (%s): " command
                                        (string-join arg-names " ")))
                 "")))
    (string-trim-right (format "iim:%s -i %s %s" script command args))))

(defun iim--help-echo (_window _object position)
  "Say what the iim: link at POSITION would run."
  (save-excursion
    (goto-char position)
    (format "iim: run %s" (org-element-property :path (org-element-context)))))

(org-link-set-parameters "iim"
                         :follow #'iim-follow
                         :complete #'iim-complete-link
                         :help-echo #'iim--help-echo)

;;;###autoload
(defun iim-examples (script)
  "Show SCRIPT's examples as an org buffer of iim: links.
SCRIPT is an installed script's name, or the path of a script file of
one's own (iim -i panelGenerate SCRIPT -)."
  (interactive (list (iim-read-script)))
  (let* ((file (and (string-match-p "/\\|\\.m?js\\'" script) (expand-file-name script)))
         (directory (if file (file-name-directory file) default-directory))
         (buffer (get-buffer-create (format "*iim-examples %s*" script))))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (let ((status (call-process (iim-program "iim") nil (list t nil) nil
                                    "-i" "panelGenerate" (or file script) "-")))
          (unless (eq status 0)
            (error "Iim: panelGenerate %s failed (exit %s)" script status)))
        (org-mode)
        ;; A script file's links name it bare (doe-iim.mjs): they run it from
        ;; its own directory, as its Panel.org beside it does.
        (setq default-directory (file-name-as-directory directory))
        (iim-panel-mode 1)
        (goto-char (point-min))))
    (unless noninteractive (pop-to-buffer buffer))
    buffer))

;;;###autoload
(defun iim-script-start (file)
  "Write FILE (NAME.mjs), a new iim script from the template, and visit it.
Then \\[iim-examples] with ./NAME.mjs shows its examples as links, and
iim -i panelGenerate ./NAME.mjs Panel.org writes its panel beside it."
  (interactive "FNew iim script (NAME.mjs): ")
  (let* ((path (expand-file-name file))
         (status (with-temp-buffer
                   (list (call-process (iim-program "iim") nil t nil "-i" "scriptStart" path)
                         (buffer-string)))))
    (unless (eq (car status) 0)
      (user-error "Iim -i scriptStart: %s" (string-trim (cadr status))))
    (find-file path)))

;; Loaded by path, the other files of the package autoload from beside this one.
(add-to-list 'load-path (directory-file-name iim--home))
(autoload 'iim "iim-transient" "Show the menu of an iim SCRIPT's commands." t)
(autoload 'iim-panel-mode "iim-panel" "Keys to run a panel's iim: links." t)
(autoload 'iim-panel "iim-panel" "Open the panel NAME." t)
(autoload 'iim-panel-maybe-enable "iim-panel" "Turn on `iim-panel-mode' in panels.")
(autoload 'iim-panel-names "iim-panel" "Names of the panels one can open.")
(put 'iim-panel 'safe-local-variable #'booleanp)
(add-hook 'hack-local-variables-hook #'iim-panel-maybe-enable)

(provide 'iim)
;;; iim.el ends here
