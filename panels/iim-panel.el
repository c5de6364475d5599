;;; iim-panel.el --- Keys and a menu for iim org panels  -*- lexical-binding: t; -*-

;; Copyright (C) 2026 The iim-ts authors
;; SPDX-License-Identifier: MIT

;; This file is not part of GNU Emacs.

;;; Commentary:

;; A panel is an org file of iim: links, generated from a script's examples
;; (iim -i panelGenerate).  `iim-panel-mode' is on in an org buffer that
;; holds iim: links, or whose file says `iim-panel: t' among its local
;; variables (panelGenerate does not write it: an Emacs without this
;; package would ask about it on every visit).  RET and F11 run the link at point (asking
;; first when it is destructive or not a plain iim command); S-F11 or
;; C-c _ s shows its plan first (-n showOnly, then y in *iim* runs it);
;; C-F11 or C-c _ r runs the last line again; C-c _ v visits the script's
;; source; C-c _ g regenerates the panel keeping its notes; M-n and M-p
;; move between entries.  The menu-bar menu "iim" lists the same.

;;; Code:

(require 'iim)
(require 'cl-lib)
(require 'seq)
(require 'org)
(require 'org-element)

(defvar iim-panel-mode)

(defvar-local iim-panel nil
  "Non-nil in a panel file: turn on `iim-panel-mode' there.")
;;;###autoload
(put 'iim-panel 'safe-local-variable #'booleanp)

(defvar iim-panel--last nil
  "The last line run from a panel, and its directory: (LINE . DIRECTORY).")

(defconst iim-panel-link-regexp "\\[\\[iim:"
  "The start of an iim: link in a panel.")

(defun iim-panel-line-at-point ()
  "The command line of the iim: link at point (or on this line), or nil."
  (let ((context (org-element-context)))
    (if (and (eq (org-element-type context) 'link)
             (equal (org-element-property :type context) "iim"))
        (org-element-property :path context)
      (save-excursion
        (beginning-of-line)
        (when (re-search-forward iim-panel-link-regexp (line-end-position) t)
          (let ((link (org-element-context)))
            (and (eq (org-element-type link) 'link)
                 (org-element-property :path link))))))))

(defun iim-panel--line ()
  "Return the line at point, or signal that there is none."
  (or (iim-panel-line-at-point) (user-error "No iim: link here")))

(defun iim-panel--destructive-p (line)
  "Return non-nil when LINE has -f or names a destructive command."
  (let* ((words (iim-split-line line))
         (command (cadr (member "-i" words))))
    (or (member "-f" (cdr words))
        (and command
             (condition-case nil
                 (let ((spec (seq-find (lambda (c) (equal (alist-get 'name c) command))
                                       (iim-script-commands (car words)))))
                   (alist-get 'destructive spec))
               (error nil))))))

(defun iim-panel--may-run-p (line)
  "Return non-nil when LINE may run, asking first when it needs it.
A destructive line asks, and so does a line that is not a plain iim
command (see `iim-confirmed-p')."
  (let ((why (and iim-link-confirm-function (iim-link-question line default-directory))))
    (cond (why (funcall iim-link-confirm-function
                        (format "iim link \"%s\" %s: run it? " line why)))
          ((and iim-link-confirm-function (iim-panel--destructive-p line))
           (funcall iim-link-confirm-function
                    (format "iim link \"%s\" is destructive: run it? " line)))
          (t t))))

(defun iim-panel-run (&optional new-buffer)
  "Run the iim: link at point; with NEW-BUFFER (a prefix), in a buffer of its own."
  (interactive "P")
  (let ((line (iim-panel--line)))
    (if (not (iim-panel--may-run-p line))
        (progn (message "iim: not run: %s" line) nil)
      (setq iim-panel--last (cons line default-directory))
      (iim-run-line line default-directory new-buffer))))

(defun iim-panel-run-or-return ()
  "Run the iim: link at point, or do what RET does elsewhere."
  (interactive)
  (if (iim-panel-line-at-point)
      (iim-panel-run)
    (let ((iim-panel-mode nil))
      (call-interactively (key-binding (kbd "RET"))))))

(defconst iim-panel--reaching-params '("hosts" "sshConfig" "inventory" "sudo" "emacsSocket")
  "Parameters that reach other hosts, users or programs, even in a plan.
REACHING_PARAMS of framework/link-trust.ts: ssh reads an sshConfig's
ProxyCommand, sudo runs as another user, whatever the run mode.")

(defun iim-panel--plan-question (line)
  "Say why the plan of LINE must be confirmed, or nil when it need not.
A plan (-n showOnly) changes nothing, but it runs LINE's program: it
asks unless that is an installed iim script whose options are only
the ones known to stay here (no -r, none of the reaching parameters)."
  (let* ((words (iim-split-line line))
         (options (cdr words)) (why nil) (done nil))
    (if (not (iim-installed-script-p (car words)))
        (format "runs %S, which is not an installed iim script" (car words))
      (while (and options (not why) (not done))
        (let ((word (pop options)))
          (cond
           ((member word '("-v" "-q" "--quiet" "-f" "-h")))
           ((member word '("-n" "--runMode" "-T" "--trace")) (pop options))
           ((member word '("-i" "--invoke")) (pop options) (setq done t))
           ((member word '("-p" "--param"))
            (let ((key (car (split-string (or (pop options) "") "="))))
              (when (member key iim-panel--reaching-params)
                (setq why (format "reaches other hosts or users (-p %s)" key)))))
           ;; -r records to a file; any other option here is one we cannot vouch for
           (t (setq why (format "gives %s, an option a plan may act on" word))))))
      why)))

(defun iim-panel-plan ()
  "Show the plan of the link at point (-n showOnly -v).
Then y in the output buffer runs it.  A line whose plan could reach
beyond this machine, or that is not an installed script, asks first."
  (interactive)
  (let* ((line (iim-panel--line))
         (why (and iim-link-confirm-function (iim-panel--plan-question line))))
    (if (and why (not (funcall iim-link-confirm-function
                               (format "iim link \"%s\" %s: run it to show a plan? " line why))))
        (progn (message "iim: not run: %s" line) nil)
      (setq iim-panel--last (cons line default-directory))
      (iim-plan line default-directory))))

(defun iim-panel-rerun ()
  "Run the last line run from a panel again."
  (interactive)
  (unless iim-panel--last (user-error "No line was run from a panel yet"))
  (iim-run-line (car iim-panel--last) (cdr iim-panel--last)))

(defun iim-panel-script-at-point ()
  "The script named by the link at point."
  (car (iim-split-line (iim-panel--line))))

(defun iim-panel-visit-source ()
  "Visit the source of the script of the link at point.
A script file of one's own (a path, or a file beside the panel) is
its own source; an installed script names its source file.  No other
word is run to ask: a link's first word may be any program."
  (interactive)
  (let* ((script (iim-panel-script-at-point))
         (own (and (or (string-match-p "/" script) (file-exists-p (expand-file-name script)))
                   (not (iim-installed-script-p script))
                   (expand-file-name script)))
         (file (cond (own own)
                     ((iim-installed-script-p script)
                      (alist-get 'sourceFile (iim-declaration script)))
                     (t (user-error "%s is not an iim script" script)))))
    (unless (and file (file-exists-p file)) (user-error "%s names no source file" script))
    (find-file file)))

(defun iim-panel--shipped-p (file)
  "Non-nil when FILE is one of the shipped panels."
  (file-equal-p (file-name-directory file) iim-panels-directory))

(defun iim-panel-regenerate ()
  "Regenerate this panel's example blocks from the scripts, keeping its notes.
A shipped panel through iim -i panelsUpdate; any other through iim -i
panelGenerate SCRIPT FILE for each script its blocks name."
  (interactive)
  (let ((file (or buffer-file-name (user-error "This panel has no file"))))
    (when (buffer-modified-p) (save-buffer))
    (iim-panel--confirm-block-scripts file)
    (let ((runs (if (iim-panel--shipped-p file)
                    (list (list "-i" "panelsUpdate"))
                  (mapcar (lambda (script) (list "-i" "panelGenerate" script file))
                          (iim-panel--block-scripts)))))
      (dolist (arguments runs)
        (with-temp-buffer
          (let ((status (apply #'call-process (iim-program "iim") nil t nil arguments)))
            (unless (eq status 0)
              (user-error "Iim %s: %s" (string-join arguments " ")
                          (string-trim (buffer-string))))))))
    (revert-buffer t t t)
    (message "iim: %s regenerated" (file-name-nondirectory file))))

(defun iim-panel--confirm-block-scripts (file)
  "Ask before regenerating FILE from a script that is not installed.
panelGenerate loads a script file to read its examples: that runs it."
  (unless (iim-panel--shipped-p file)
    (dolist (script (iim-panel--block-scripts))
      (unless (or (iim-installed-script-p script)
                  (not iim-link-confirm-function)
                  (funcall iim-link-confirm-function
                           (format "Regenerating loads %s, which is not an installed iim script: \
run it? " script)))
        (user-error "Iim: not regenerated: %s would run" script)))))

(defun iim-panel--block-scripts ()
  "The scripts named by this panel's iim-examples blocks."
  (let (scripts)
    (save-excursion
      (goto-char (point-min))
      (while (re-search-forward "^#\\+BEGIN: iim-examples .*:script \\([^ \n]+\\)" nil t)
        (cl-pushnew (match-string-no-properties 1) scripts :test #'equal)))
    (or (nreverse scripts) (user-error "No iim-examples block in this panel"))))

(defun iim-panel-next-entry (&optional n)
  "Move to the Nth next iim: link."
  (interactive "p")
  (let ((start (point)))
    (goto-char (line-end-position))
    (if (re-search-forward iim-panel-link-regexp nil t (or n 1))
        (goto-char (match-beginning 0))
      (goto-char start)
      (user-error "No more iim: links"))))

(defun iim-panel-previous-entry (&optional n)
  "Move to the Nth previous iim: link."
  (interactive "p")
  (let ((start (point)))
    (goto-char (line-beginning-position))
    (if (re-search-backward iim-panel-link-regexp nil t (or n 1))
        (goto-char (match-beginning 0))
      (goto-char start)
      (user-error "No earlier iim: link"))))

(defvar iim-panel-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "RET") #'iim-panel-run-or-return)
    (define-key map (kbd "<f11>") #'iim-panel-run)
    (define-key map (kbd "S-<f11>") #'iim-panel-plan)
    (define-key map (kbd "C-<f11>") #'iim-panel-rerun)
    ;; C-c _ is free in org-mode-map, and C-c PUNCTUATION is the minor modes'
    (define-key map (kbd "C-c _ s") #'iim-panel-plan)
    (define-key map (kbd "C-c _ r") #'iim-panel-rerun)
    (define-key map (kbd "C-c _ v") #'iim-panel-visit-source)
    (define-key map (kbd "C-c _ g") #'iim-panel-regenerate)
    (define-key map (kbd "C-c _ m") #'iim)
    (define-key map (kbd "M-n") #'iim-panel-next-entry)
    (define-key map (kbd "M-p") #'iim-panel-previous-entry)
    map)
  "Keys of `iim-panel-mode'.")

(easy-menu-define iim-panel-menu iim-panel-mode-map
  "Menu of `iim-panel-mode'."
  '("iim"
    ["Run the link at point" iim-panel-run]
    ["Show its plan first (showOnly)" iim-panel-plan]
    ["Run the last line again" iim-panel-rerun]
    "---"
    ["Next entry" iim-panel-next-entry]
    ["Previous entry" iim-panel-previous-entry]
    "---"
    ["Visit the script's source" iim-panel-visit-source]
    ["Regenerate the panel (keeps notes)" iim-panel-regenerate]
    ["Menu of a script..." iim]
    ["Open a panel..." iim-panel]))

;;;###autoload
(define-minor-mode iim-panel-mode
  "Keys to run the iim: links of a panel.
\\<iim-panel-mode-map>\\[iim-panel-run-or-return] and \\[iim-panel-run] run the\
 link at point, \\[iim-panel-plan] shows its plan
first, \\[iim-panel-rerun] runs the last line again, \\[iim-panel-visit-source]\
 visits the script,
\\[iim-panel-regenerate] regenerates the panel, \\[iim-panel-next-entry] and\
 \\[iim-panel-previous-entry] move between entries.

\\{iim-panel-mode-map}"
  :lighter " iim"
  :keymap iim-panel-mode-map
  :group 'iim)

;;;###autoload
(defun iim-panel-maybe-enable ()
  "Turn on `iim-panel-mode' in an org panel: `iim-panel' set, or iim: links."
  (when (and (derived-mode-p 'org-mode)
             (not iim-panel-mode)
             (or iim-panel
                 (save-excursion
                   (goto-char (point-min))
                   (re-search-forward iim-panel-link-regexp nil t))))
    (iim-panel-mode 1)))

;;;###autoload
(add-hook 'hack-local-variables-hook #'iim-panel-maybe-enable)

(defcustom iim-panel-script-directories nil
  "Directories of scripts of one's own, whose Panel.org files `iim-panel' offers."
  :type '(repeat directory)
  :group 'iim)

(defcustom iim-panel-lab-directory
  (expand-file-name "iim/lab/panels"
                    (or (getenv "XDG_STATE_HOME") (expand-file-name "~/.local/state")))
  "Directory of the lab's panels (iim -i labUp writes them)."
  :type 'directory
  :group 'iim)

;;;###autoload
(defun iim-panel-names ()
  "The names of the panels one can open (see `iim-panel-files')."
  (mapcar #'car (iim-panel-files)))

(defun iim-panel-files ()
  "The panels one can open, as an alist of (NAME . FILE).
The shipped panels by short name, the lab's as lab/NAME, and the
Panel.org files beside one's scripts (in `iim-panel-script-directories'
and the current directory) as DIRECTORY/Panel.org."
  (append
   (mapcar (lambda (file) (cons (file-name-base file) file))
           (directory-files iim-panels-directory t "\\.org\\'"))
   (and (file-directory-p iim-panel-lab-directory)
        (mapcar (lambda (file) (cons (concat "lab/" (file-name-base file)) file))
                (directory-files iim-panel-lab-directory t "\\.org\\'")))
   (delq nil (mapcar (lambda (directory)
                       (let ((file (expand-file-name "Panel.org" directory)))
                         (and (file-exists-p file)
                              (cons (abbreviate-file-name file) file))))
                     ;; this directory's too: where one works on a script of one's own
                     (delete-dups (append iim-panel-script-directories
                                          (list default-directory)))))))

;;;###autoload
(defun iim-panel (name)
  "Open the panel NAME: shipped, the lab's, or a Panel.org beside a script."
  (interactive (list (completing-read "iim panel: " (iim-panel-names) nil t nil nil "index")))
  (let ((file (or (cdr (assoc name (iim-panel-files))) (user-error "No panel %s" name))))
    (find-file file)
    (unless iim-panel-mode (iim-panel-mode 1))
    (current-buffer)))

(provide 'iim-panel)
;;; iim-panel.el ends here
