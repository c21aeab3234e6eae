; Daicho installer additions, included by electron-builder (electron-builder.yml: nsis.include).
;
; The IT section rolls the app out silently, per machine, with the ledger's folder as a parameter:
;   Daicho-Setup-0.1.0.exe /S /DATA=D:\Daicho
; Without /DATA the folder of a previous installation is kept, else %ProgramData%\Daicho.
; The installer creates the folder, grants the terminal's Users group (SID S-1-5-32-545, whatever the
; group is called on a Japanese Windows) Modify on it, inherited by everything inside, and writes the
; choice to daicho-install.ini beside Daicho.exe (the app reads it: electron/deploy/dataFolder.ts).
;
; Uninstalling keeps the ledger:          "Uninstall Daicho.exe" /S
; and deletes it only when asked:          "Uninstall Daicho.exe" /S /DELETEDATA
; Nothing here uses the network.

!include "FileFunc.nsh"
!include "LogicLib.nsh"

!define DAICHO_REG_KEY "Software\Daicho"
!define DAICHO_CONFIG "daicho-install.ini"
; Written into the data folder at install; the uninstaller deletes only a folder that carries it.
!define DAICHO_MARKER "Daicho-ledger-folder.txt"

!ifndef BUILD_UNINSTALLER
Var DaichoDataDir

!macro customInit
  ${GetParameters} $R0
  ClearErrors
  ${GetOptions} $R0 "/DATA=" $DaichoDataDir
  ${If} ${Errors}
    StrCpy $DaichoDataDir ""
  ${EndIf}
  ; An upgrade without /DATA keeps the folder chosen at the first installation.
  ${If} $DaichoDataDir == ""
    ReadRegStr $DaichoDataDir HKLM "${DAICHO_REG_KEY}" "DataFolder"
  ${EndIf}
  ${If} $DaichoDataDir == ""
    ReadEnvStr $R1 "PROGRAMDATA"
    ${If} $R1 == ""
      StrCpy $R1 "C:\ProgramData"
    ${EndIf}
    StrCpy $DaichoDataDir "$R1\Daicho"
  ${EndIf}
  ; The app's own rules (dataFolderRefusal): a full path on a drive letter, never a network share.
  StrCpy $R2 $DaichoDataDir 2
  StrCpy $R3 $DaichoDataDir 1 1
  StrCpy $R4 $DaichoDataDir 1 2
  ${If} $R2 == "\\"
  ${OrIf} $R3 != ":"
  ${OrIf} $R4 != "\"
    MessageBox MB_ICONSTOP "台帳のデータフォルダー「$DaichoDataDir」を使えません。C:\ProgramData\Daicho のように、ドライブ文字から始まる端末のディスク上のフォルダーを /DATA= で指定してください（ネットワーク上の共有フォルダーは使えません）。" /SD IDOK
    SetErrorLevel 2
    Quit
  ${EndIf}
!macroend

!macro customInstall
  CreateDirectory "$DaichoDataDir"
  ${IfNot} ${FileExists} "$DaichoDataDir\*.*"
    MessageBox MB_ICONSTOP "台帳のデータフォルダー「$DaichoDataDir」を作成できませんでした。ドライブとフォルダー名を確かめて、インストールし直してください。" /SD IDOK
    SetErrorLevel 3
    Quit
  ${EndIf}
  ; Every Windows account on the terminal opens the same ledger: Users get Modify, inherited by new files and folders.
  nsExec::ExecToLog '"$SYSDIR\icacls.exe" "$DaichoDataDir" /grant *S-1-5-32-545:(OI)(CI)M'
  Pop $R0
  ${If} $R0 != "0"
    MessageBox MB_ICONEXCLAMATION "台帳のデータフォルダー「$DaichoDataDir」に Users グループの変更の権限を付けられませんでした（icacls の終了コード $R0）。管理者以外の Windows ユーザーは台帳を開けません。情報システム担当が権限を設定してください。" /SD IDOK
  ${EndIf}
  FileOpen $R1 "$DaichoDataDir\${DAICHO_MARKER}" w
  FileWriteUTF16LE /BOM $R1 "このフォルダーは Daicho（情報資産台帳）の台帳データです。この端末のすべての Windows ユーザーが同じ台帳を使います。削除・移動しないでください。$\r$\n"
  FileClose $R1
  ; The app reads this file beside Daicho.exe (UTF-16LE with BOM: a Japanese folder name survives any code page).
  FileOpen $R1 "$INSTDIR\${DAICHO_CONFIG}" w
  FileWriteUTF16LE /BOM $R1 "[Daicho]$\r$\nDataFolder=$DaichoDataDir$\r$\n"
  FileClose $R1
  ; Remembered for upgrades and for /DELETEDATA (the uninstaller removes $INSTDIR, this file with it).
  WriteRegStr HKLM "${DAICHO_REG_KEY}" "DataFolder" "$DaichoDataDir"
!macroend
!endif

!macro customUnInstall
  ; An upgrade runs the old uninstaller first: it never touches the ledger.
  ${ifNot} ${isUpdated}
    ClearErrors
    ${GetParameters} $R0
    ${GetOptions} $R0 "/DELETEDATA" $R1
    ${IfNot} ${Errors}
      ReadRegStr $R2 HKLM "${DAICHO_REG_KEY}" "DataFolder"
      ${If} $R2 == ""
        ReadINIStr $R2 "$INSTDIR\${DAICHO_CONFIG}" "Daicho" "DataFolder"
      ${EndIf}
      ; Only a folder the installer made for the ledger (never a drive root or a folder someone typed by mistake).
      ${If} $R2 != ""
      ${AndIf} ${FileExists} "$R2\${DAICHO_MARKER}"
        RMDir /r "$R2"
      ${EndIf}
      DeleteRegKey HKLM "${DAICHO_REG_KEY}"
    ${EndIf}
  ${endif}
!macroend
