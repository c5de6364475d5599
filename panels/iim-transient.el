;;; iim-transient.el --- A transient menu per iim script  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The iim-ts authors
;; SPDX-License-Identifier: MIT

;; This file is not part of GNU Emacs.

;;; Commentary:

;; M-x iim asks for a script, reads its declaration (SCRIPT -i help -p
;; format=json) and shows a transient menu of it: the run mode (-n), -v,
;; -q, -T, -f (only when the script has destructive commands, in a warning
;; face), each parameter with its current value (choices complete), and
;; the commands with their briefs.  Choosing a command asks for its
;; arguments and runs the line in *iim*; with the stage switch on, the
;; finished line waits in the minibuffer to be edited first.

;;; Code:

(require 'iim)
(require 'transient)
(require 'seq)

(defface iim-transient-destructive '((t :inherit warning))
  "Face of destructive commands and of -f in the menu of a script."
  :group 'iim)

(defvar iim-transient--script nil "The script the menu shows.")
(defvar iim-transient--declaration nil "The declaration the menu was built from.")

(defconst iim-transient--key-pool
  "abcdefghijklmnopqrtuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
  "Keys for commands, after the letters of their names (s is the stage key's).")

(defun iim-transient--keys (names)
  "One key per name of NAMES: a letter of the name when free, else the pool's."
  (let ((used (list "s")) keys)
    (dolist (name names)
      (let ((key (seq-find (lambda (k) (not (member k used)))
                           (append (mapcar #'string (downcase name))
                                   (mapcar #'string name)
                                   (mapcar #'string iim-transient--key-pool))
                           (format ".%d" (length used)))))
        (push key used)
        (push key keys)))
    (nreverse keys)))

(defun iim-transient--width (columns name-width)
  "Columns a command's brief may take in COLUMNS columns beside a NAME-WIDTH name.
Each entry also takes its key and the blanks around it (5 columns)."
  (max 20 (- (/ (if noninteractive 160 (frame-width)) columns) name-width 7)))

(defun iim-transient--describe (command columns &optional name-width)
  "The menu text of COMMAND (an alist of the declaration) in COLUMNS columns.
Names take NAME-WIDTH columns (15 when nil), the longest of the menu's."
  (let* ((brief (or (alist-get 'brief command) ""))
         (name-width (max 15 (or name-width 0)))
         (text (format (format "%%-%ds %%s" name-width) (alist-get 'name command)
                       (truncate-string-to-width
                        brief (iim-transient--width columns name-width) nil nil "…"))))
    (if (alist-get 'destructive command)
        (propertize text 'face 'iim-transient-destructive)
      text)))

(defun iim-transient--command-symbol (script name)
  "Define and return the command to run NAME of SCRIPT from the menu."
  (let ((symbol (intern (format "iim-transient:%s:%s" script name))))
    (defalias symbol
      (lambda () (interactive) (iim-transient-invoke name))
      (format "Run %s -i %s from its menu." script name))
    symbol))

(defun iim-transient--option-groups (declaration)
  "The run options of the menu of DECLARATION."
  (let ((destructive (seq-some (lambda (c) (alist-get 'destructive c))
                               (alist-get 'commands declaration))))
    `["Run"
      ("-n" "run mode" "-n=" :prompt "Run mode: "
       :choices ,(alist-get 'runModes declaration))
      ("-v" "verbose: actions with source lines" "-v")
      ("-q" "quiet" "-q")
      ("-T" "trace level" "-T=" :prompt "Trace level: " :choices ("1" "2" "3" "5" "9"))
      ,@(and destructive
             `(("-f" ,(propertize "force: destructive commands act" 'face
                                  'iim-transient-destructive)
                "-f")))
      ("-s" "stage: edit the line, then run" "--stage")]))

(defun iim-transient--param-group (declaration)
  "The parameters of the menu of DECLARATION, each with its current value.
The framework's parameters every script has (format, hosts ...) are at
level 5: \\`C-x l' in the menu shows them."
  (let* ((params (append (seq-remove (lambda (p) (alist-get 'shared p))
                                     (alist-get 'params declaration))
                         (seq-filter (lambda (p) (alist-get 'shared p))
                                     (alist-get 'params declaration))))
         (keys (iim-transient--keys (mapcar (lambda (p) (alist-get 'name p)) params))))
    (vconcat
     (list "Parameters (-p NAME=VALUE)")
     (seq-mapn (lambda (param key)
                 (let ((name (alist-get 'name param))
                       (value (alist-get 'value param)))
                   `(,@(and (alist-get 'shared param) (list 5))
                     ,(concat "=" key)
                     ,(format "%s (now %s)" name
                              (if (or (null value) (equal value "")) "unset" value))
                     ,(concat name "=")
                     :prompt ,(concat name ": ")
                     ,@(and (alist-get 'choices param)
                            (list :choices (alist-get 'choices param))))))
               params keys))))

(defun iim-transient--command-groups (script declaration)
  "The commands of SCRIPT in the menu of DECLARATION: its own, then seeded."
  (let* ((commands (alist-get 'commands declaration))
         (own (seq-remove (lambda (c) (alist-get 'seeded c)) commands))
         (seeded (seq-filter (lambda (c) (alist-get 'seeded c)) commands))
         (keys (iim-transient--keys (mapcar (lambda (c) (alist-get 'name c))
                                            (append own seeded))))
         (name-width (apply #'max (mapcar (lambda (c) (length (alist-get 'name c)))
                                          (append own seeded))))
         (suffixes (seq-mapn (lambda (command key)
                               (list key (iim-transient--describe command 2 name-width)
                                     (iim-transient--command-symbol
                                      script (alist-get 'name command))))
                             (append own seeded) keys)))
    (list (iim-transient--columns (format "%s commands" script)
                                  (seq-take suffixes (length own)))
          (iim-transient--columns "Every script's" (nthcdr (length own) suffixes)))))

(defun iim-transient--columns (title suffixes)
  "A group TITLE of SUFFIXES in two columns."
  (let ((half (/ (1+ (length suffixes)) 2)))
    (vector (vconcat (list title) (seq-take suffixes half))
            (vconcat (list "") (nthcdr half suffixes)))))

(defun iim-transient-layout (script declaration)
  "The groups of the menu of SCRIPT, from its DECLARATION."
  (append (list (vector (iim-transient--option-groups declaration)
                        (iim-transient--param-group declaration)))
          (iim-transient--command-groups script declaration)))

(defun iim-transient-define (script &optional declaration)
  "Define `iim-transient-menu' for SCRIPT from its DECLARATION (read if nil)."
  (let ((declaration (or declaration (iim-declaration script))))
    (setq iim-transient--script script
          iim-transient--declaration declaration)
    (eval `(transient-define-prefix iim-transient-menu ()
             ,(format "The menu of %s." script)
             ,@(iim-transient-layout script declaration))
          t)
    'iim-transient-menu))

(defun iim-transient-options (arguments)
  "The command line words of the menu's ARGUMENTS (stage left out)."
  (seq-mapcat (lambda (argument)
                (cond ((equal argument "--stage") nil)
                      ((string-match "\\`\\(-[nT]\\)=\\(.*\\)\\'" argument)
                       (list (match-string 1 argument) (match-string 2 argument)))
                      ((string-prefix-p "-" argument) (list argument))
                      (t (list "-p" argument))))
              arguments))

(defun iim-transient-line (script command arguments options)
  "Return the line running COMMAND of SCRIPT with ARGUMENTS and OPTIONS.
OPTIONS are words (-n showOnly -p dir=...) put before -i, where the
parser reads options; ARGUMENTS are the command's."
  (iim-join-words (append (list script) options (list "-i" command)
                          ;; a first argument like -x would be read as an option
                          (and arguments (string-prefix-p "-" (car arguments)) (list "--"))
                          arguments)))

(defun iim-transient--command (name)
  "The declaration of the command NAME of the menu's script."
  (seq-find (lambda (c) (equal (alist-get 'name c) name))
            (alist-get 'commands iim-transient--declaration)))

(defun iim-transient-read-arguments (command)
  "Read the arguments of COMMAND (an alist), split as a panel line is."
  (let ((names (alist-get 'args command)))
    (and names
         (iim-split-line
          (read-string (format "%s %s: " (alist-get 'name command)
                               (string-join names " ")))))))

(defun iim-transient-invoke (name)
  "Run the command NAME of the menu's script with the menu's options."
  (let* ((arguments (transient-args 'iim-transient-menu))
         (command (iim-transient--command name))
         (line (iim-transient-line iim-transient--script name
                                   (iim-transient-read-arguments command)
                                   (iim-transient-options arguments))))
    (when (member "--stage" arguments)
      (setq line (read-string "Run: " line)))
    (if (and (alist-get 'destructive command)
             (member "-f" (iim-split-line line))
             iim-link-confirm-function
             (not (funcall iim-link-confirm-function
                           (format "\"%s\" is destructive and forced: run it? " line))))
        (message "iim: not run: %s" line)
      (iim-run-line line default-directory))))

(declare-function iim-panel-line-at-point "iim-panel")

(defun iim-transient--script-at-point ()
  "The script of the iim: link at point, if any."
  (let ((line (and (fboundp 'iim-panel-line-at-point) (derived-mode-p 'org-mode)
                   (iim-panel-line-at-point))))
    (and line (car (iim-split-line line)))))

(defun iim-transient--read-script ()
  "Read a script, offering the one of the link at point.
Reading a script's declaration runs it: a default that came from a
link and is not an installed script (sh, ./helper.mjs of a panel
nobody vetted) runs only when `iim-link-confirm-function' agrees."
  (let* ((here (iim-transient--script-at-point))
         (script (iim-read-script (if here (format "iim script (default %s): " here)
                                    "iim script: ")
                                  here)))
    (when (and here (equal script here) (not (iim-installed-script-p here))
               iim-link-confirm-function
               (not (funcall iim-link-confirm-function
                             (format "%s, from the link at point, is not an installed iim \
script: run it to read its commands? " here))))
      (user-error "Iim: %s not run" here))
    script))

;;;###autoload
(defun iim (script)
  "Show the menu of SCRIPT's commands: run mode, options, parameters.
SCRIPT is an installed script's name or the path of a script file."
  (interactive (list (iim-transient--read-script)))
  (let ((script (if (string-match-p "/" script) (expand-file-name script) script)))
    (iim-transient-define script)
    (transient-setup 'iim-transient-menu)))

(provide 'iim-transient)
;;; iim-transient.el ends here
