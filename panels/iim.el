;;; iim.el --- Run iim sysadmin scripts: menus, panels, output  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The iim-ts authors

;; Author: The iim-ts authors
;; Version: 0.1.0
;; Package-Requires: ((emacs "28.2"))
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
;; - Output goes to *iim* in `iim-output-mode' (iim-run.el), derived from
;;   `compilation-mode': g runs the line again, FILE:LINE references jump,
;;   ANSI colours show, C-c C-k stops the command, n and p move between the
;;   actions of a -n showOnly plan and y runs the planned line.

;;; Code:

;; Loaded by path (load "/path/to/iim-ts/panels/iim"), the package's other
;; files are found beside this one.
(add-to-list 'load-path
             (directory-file-name
              (file-name-directory (or load-file-name buffer-file-name default-directory))))
(require 'iim-run)
(require 'org)
(require 'ol)
(require 'org-element)
(require 'json)
(require 'subr-x)

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

;; Loaded by path, the other files of the package load from beside this one.
(autoload 'iim "iim-transient" "Show the menu of an iim SCRIPT's commands." t)
(autoload 'iim-panel-mode "iim-panel" "Keys to run a panel's iim: links." t)
(autoload 'iim-panel "iim-panel" "Open the panel NAME." t)
(autoload 'iim-panel-maybe-enable "iim-panel" "Turn on `iim-panel-mode' in panels.")
(autoload 'iim-panel-names "iim-panel" "Names of the panels one can open.")
(put 'iim-panel 'safe-local-variable #'booleanp)
(add-hook 'hack-local-variables-hook #'iim-panel-maybe-enable)

(provide 'iim)
;;; iim.el ends here
