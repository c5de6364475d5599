;;; iim.el --- Org links that launch iim script command lines  -*- lexical-binding: t; -*-

;; Load with (load "/path/to/iim-ts/panels/iim.el"), then open a panel (M-x iim-panel)
;; and follow a link with C-c C-o.  A link [[iim:iim-dnscache -i list][...]] runs its
;; command line asynchronously, split into words and run without a shell, and shows the
;; output in the *iim* buffer in compilation-mode, so FILE:LINE: references are clickable.
;; M-x iim-examples shows a script's examples as an org buffer of iim: links.

;;; Code:

(require 'org)
(require 'ol)
(require 'compile)
(require 'json)
(require 'subr-x)

(defgroup iim nil
  "Launch iim scripts from org panels."
  :group 'tools
  :prefix "iim-")

(defconst iim--home
  (file-name-directory (or load-file-name buffer-file-name default-directory))
  "The panels/ directory this file was loaded from.")

(defcustom iim-bin-directory
  (let ((bin (expand-file-name "../dist/bin" iim--home)))
    (and (file-directory-p bin) bin))
  "Directory holding the iim bins (iim.js, iim-dnscache.js, ...), or nil to use PATH.
The default is the dist/bin of the checkout this file belongs to, so links work
without any PATH setup."
  :type '(choice (const :tag "Use PATH" nil) directory)
  :group 'iim)

(defcustom iim-panels-directory iim--home
  "Directory of the shipped org panels."
  :type 'directory
  :group 'iim)

(defcustom iim-buffer-name "*iim*"
  "Buffer that shows the output of followed iim links."
  :type 'string
  :group 'iim)

(defconst iim--c-escapes '((?n . ?\n) (?t . ?\t) (?r . ?\r) (?a . 7) (?b . 8) (?e . 27) (?f . 12) (?v . 11))
  "The letters of bash's $'...' escapes and the characters they stand for.")

(defun iim--ansi-c-quoted (line start)
  "Read bash's $'...' in LINE from START (just after its quote): (TEXT . END), END at the closing quote."
  (let ((text "") (i start) (n (length line)) (end nil))
    (while (and (not end) (< i n))
      (let ((c (aref line i)))
        (cond
         ((eq c ?') (setq end i))
         ((and (eq c ?\\) (< (1+ i) n))
          (setq i (1+ i))
          (let ((next (aref line i)))
            (cond
             ((string-match "\\`[0-7]\\{1,3\\}" (substring line i (min n (+ i 3))))
              (let ((digits (match-string 0 (substring line i (min n (+ i 3))))))
                (setq text (concat text (string (logand (string-to-number digits 8) 255)))
                      i (+ i (length digits) -1))))
             ((and (eq next ?x) (string-match "\\`[0-9A-Fa-f]\\{1,2\\}" (substring line (min n (1+ i)) (min n (+ i 3)))))
              (let ((digits (match-string 0 (substring line (1+ i) (min n (+ i 3))))))
                (setq text (concat text (string (string-to-number digits 16))) i (+ i (length digits)))))
             (t (setq text (concat text (string (or (cdr (assq next iim--c-escapes)) next))))))))
         (t (setq text (concat text (string c))))))
      (unless end (setq i (1+ i))))
    (unless end (user-error "Unbalanced $' in: %s" line))
    (cons text end)))

(defun iim-split-line (line)
  "Split LINE into words: blanks separate, '...', \"...\" and $'...' quote, backslash escapes.
The same rules as the scripts' own splitter (framework/shell-words.ts); no shell runs."
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
            (setq current (concat current (substring line (1+ i) end)) i end in-word t)))
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

(defun iim-program (name &optional directory)
  "The program to run for NAME: its bin in `iim-bin-directory'; else an executable
NAME in DIRECTORY (a script of your own beside its panel); else NAME itself, for `exec-path'."
  (let ((bin (and iim-bin-directory (expand-file-name (concat name ".js") iim-bin-directory)))
        (beside (and directory (not (string-match-p "/" name)) (expand-file-name name directory))))
    (cond ((and bin (file-executable-p bin)) bin)
          ((and beside (file-regular-p beside) (file-executable-p beside)) beside)
          ;; ./mine.mjs is relative to DIRECTORY, not to whichever buffer happens to be current
          ((and directory (string-match-p "/" name)) (expand-file-name name directory))
          (t name))))

(defconst iim-source-regexp
  '("^\\*\\* \\[[^]\n]*\\] \\([^\n]+\\):\\([0-9]+\\)$" 1 2 nil 0)
  "The source lines of -v (`** [SCRIPT COMMAND] FILE:LINE'), for `compilation-error-regexp-alist'.
Type 0 (info): following one visits the line an action came from; it is not an error.")

(defconst iim-problem-regexp
  '("^[[:alnum:]_.-]+: [[:alnum:]_]+: \\([^ \n:][^\n:]*\\):\\([0-9]+\\): " 1 2 nil 2)
  "A script's error naming a place (`iim: panelGenerate: FILE:LINE: why'), for
`compilation-error-regexp-alist': gnu's rule takes one program prefix, not two.")

(defun iim--compilation-setup ()
  "Make the current compilation buffer also know the scripts' -v source lines and errors."
  (setq-local compilation-error-regexp-alist
              (append (list iim-source-regexp iim-problem-regexp)
                      (remove iim-problem-regexp (remove iim-source-regexp compilation-error-regexp-alist)))))

(defun iim--filter (process output)
  "Insert OUTPUT of PROCESS at its mark, in its read-only compilation buffer."
  (when (buffer-live-p (process-buffer process))
    (with-current-buffer (process-buffer process)
      (let ((inhibit-read-only t))
        (save-excursion
          (goto-char (process-mark process))
          (insert output)
          (set-marker (process-mark process) (point)))))))

(defun iim--sentinel (process event)
  "Say how PROCESS ended (EVENT) at the end of its buffer."
  (when (and (memq (process-status process) '(exit signal))
             (buffer-live-p (process-buffer process)))
    (with-current-buffer (process-buffer process)
      (let ((inhibit-read-only t))
        (goto-char (point-max))
        (insert (format "\niim: %s %s" (process-name process) (string-trim event)))
        (insert (if (eq (process-status process) 'exit)
                    (format " (exit %d)\n" (process-exit-status process))
                  "\n"))))))

(defun iim-run-line (line &optional directory)
  "Run the command LINE (an iim script and its arguments) in DIRECTORY, asynchronously.
The words of LINE are the program and its arguments (no shell).  Output goes to
`iim-buffer-name' in compilation-mode; a command still running there is killed first.
Returns the process."
  (let* ((words (iim-split-line line))
         (buffer (get-buffer-create iim-buffer-name))
         (old (get-buffer-process buffer)))
    (unless words (user-error "Empty iim command line"))
    (when (process-live-p old) (delete-process old))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (compilation-mode)
        (iim--compilation-setup)
        (setq default-directory (file-name-as-directory (or directory default-directory)))
        (insert (format "iim: %s\n\n" line))))
    (let* ((default-directory (file-name-as-directory (or directory default-directory)))
           (process (make-process
                    :name (car words)
                    :buffer buffer
                    :command (cons (iim-program (car words) (or directory default-directory)) (cdr words))
                    :connection-type 'pipe
                    :noquery t
                    :filter #'iim--filter
                    :sentinel #'iim--sentinel)))
      (with-current-buffer buffer
        (set-marker (process-mark process) (point-max)))
      (unless noninteractive (display-buffer buffer))
      process)))

(defcustom iim-link-confirm-function #'yes-or-no-p
  "Function that asks before following an iim: link that could do harm.
A link runs without a question only when its first word is an installed iim script (not
a program beside the panel), it reaches no other host or privilege, and its dry run under
-n showOnly changes nothing: the rule of the terminal menu and of iim -i panelRun, asked
of iim -i panelTrust.  Any other link (sh -c ..., ./helper, svcCreate, a -f line) runs
only when this function, called with a question saying what it would do, returns non-nil.  As with `org-link-shell-confirm-function': `yes-or-no-p',
`y-or-n-p', or nil to run every link unasked (only for panels you wrote yourself)."
  :type '(choice (function-item yes-or-no-p) (function-item y-or-n-p)
                 (const :tag "Run every link without asking" nil))
  :group 'iim)

(defun iim-link-question (line &optional directory)
  "Why LINE, from a panel in DIRECTORY, must be confirmed before it runs, or nil.
Asks iim -i panelTrust; an answer it cannot give is a reason to confirm."
  (condition-case err
      (with-temp-buffer
        (let* ((status (call-process (iim-program "iim") nil (list t nil) nil "-i" "panelTrust" "--"
                                     line (expand-file-name (or directory default-directory))))
               (answer (string-trim (buffer-string))))
          (cond ((and (eq status 0) (equal answer "trusted")) nil)
                ((and (eq status 0) (string-prefix-p "confirm: " answer)) (substring answer (length "confirm: ")))
                (t (format "could not be checked (iim -i panelTrust: exit %s)" status)))))
    (error (format "could not be checked (%s)" (error-message-string err)))))

(defun iim-follow (path &optional _arg)
  "Follow an iim: link: run its command line PATH from the panel's directory.
A link that is not a plain iim command runs only when `iim-link-confirm-function' agrees."
  (let ((why (and iim-link-confirm-function (iim-link-question path default-directory))))
    (if (and why (not (funcall iim-link-confirm-function (format "iim link \"%s\" %s: run it? " path why))))
        (progn (message "iim: not run: %s" path) nil)
      (iim-run-line path default-directory))))

(defun iim--json (words)
  "Run WORDS (script and arguments, no shell) and parse its JSON output."
  (with-temp-buffer
    (let ((status (apply #'call-process (iim-program (car words)) nil (list t nil) nil (cdr words))))
      (unless (eq status 0) (error "iim: %s failed (exit %s)" (string-join words " ") status))
      (goto-char (point-min))
      (json-parse-buffer :object-type 'alist :array-type 'list))))

(defun iim-scripts ()
  "The installed iim scripts, as alists (name, brief, panel, commands)."
  (iim--json '("iim" "-i" "scripts" "-p" "format=json")))

(defun iim-script-commands (script)
  "The commands of SCRIPT, as alists (name, brief, args, destructive, root)."
  (iim--json (list script "-i" "list" "-p" "format=json")))

(defconst iim--seeded-commands '("examples" "describe" "list" "help" "params" "visit" "panel")
  "Commands every script has.")

(defun iim--read-script ()
  (let ((scripts (mapcar (lambda (s) (cons (alist-get 'name s) (alist-get 'brief s))) (iim-scripts))))
    (completing-read "iim script: "
                     (lambda (string predicate action)
                       (if (eq action 'metadata)
                           `(metadata (annotation-function
                                       . ,(lambda (name) (concat "  " (or (cdr (assoc name scripts)) "")))))
                         (complete-with-action action scripts string predicate)))
                     ;; an installed script, or (confirmed) the path of a script file of your own
                     nil 'confirm)))

(defun iim-complete-link (&optional _arg)
  "Complete an iim: link when inserting it (C-c C-l): script, command, then arguments."
  (let* ((script (iim--read-script))
         (commands (iim-script-commands script))
         (names (append (mapcar (lambda (c) (alist-get 'name c)) commands) iim--seeded-commands))
         (command (completing-read (format "%s command: " script) names nil t))
         (spec (assoc command (mapcar (lambda (c) (cons (alist-get 'name c) c)) commands)))
         (arg-names (and spec (alist-get 'args (cdr spec))))
         (args (if arg-names
                   (read-string (format "%s arguments (%s): " command (string-join arg-names " ")))
                 "")))
    (string-trim-right (format "iim:%s -i %s %s" script command args))))

(org-link-set-parameters "iim"
                         :follow #'iim-follow
                         :complete #'iim-complete-link
                         :help-echo (lambda (_window _object position)
                                      (save-excursion
                                        (goto-char position)
                                        (let ((link (org-element-context)))
                                          (format "iim: run %s" (org-element-property :path link))))))

(defun iim-examples (script)
  "Show SCRIPT's examples as an org buffer of iim: links (iim -i panelGenerate SCRIPT -).
SCRIPT is an installed script's name, or the path of a script file of your own."
  (interactive (list (iim--read-script)))
  (let* ((file (and (string-match-p "/\\|\\.m?js\\'" script) (expand-file-name script)))
         (directory (if file (file-name-directory file) default-directory))
         (buffer (get-buffer-create (format "*iim-examples %s*" script))))
    (with-current-buffer buffer
      (let ((inhibit-read-only t))
        (erase-buffer)
        (let ((status (call-process (iim-program "iim") nil (list t nil) nil "-i" "panelGenerate" (or file script) "-")))
          (unless (eq status 0) (error "iim: panelGenerate %s failed (exit %s)" script status)))
        (org-mode)
        ;; A script file's links name it bare (doe-iim.mjs): they run it from its own
        ;; directory, as its Panel.org beside it does, so the buffer is there too.
        (setq default-directory (file-name-as-directory directory))
        (goto-char (point-min))))
    (unless noninteractive (pop-to-buffer buffer))
    buffer))

(defun iim-panel-names ()
  "Short names of the shipped panels (index, daemontools, ...)."
  (mapcar #'file-name-sans-extension (directory-files iim-panels-directory nil "\\.org\\'")))

(defun iim-panel (name)
  "Open the shipped panel NAME (completing on the panels in `iim-panels-directory')."
  (interactive (list (completing-read "iim panel: " (iim-panel-names) nil t nil nil "index")))
  (find-file (expand-file-name (concat name ".org") iim-panels-directory)))

(defun iim-script-start (file)
  "Write FILE (NAME.mjs), a new iim script from the template (iim -i scriptStart), and visit it.
Then: \\[iim-examples] with ./NAME.mjs shows its examples as links; iim -i panelGenerate
./NAME.mjs Panel.org writes its panel beside it."
  (interactive "FNew iim script (NAME.mjs): ")
  (let* ((path (expand-file-name file))
         (status (with-temp-buffer
                   (list (call-process (iim-program "iim") nil t nil "-i" "scriptStart" path)
                         (buffer-string)))))
    (unless (eq (car status) 0)
      (user-error "iim -i scriptStart: %s" (string-trim (cadr status))))
    (find-file path)))

(provide 'iim)
;;; iim.el ends here
